#pragma once

#include "live/http_rules.h"
#include "live/proxy_shared.h"
#include "live/upstream_client.h"

namespace shadowscale::live {

// Sends a fire-and-forget copy of `upstream_request` to a shadow instance: within the mirror
// budget, with the Host suffix and redaction of a mirror copy. The copy's response is read,
// timed and discarded; nothing about it reaches the client. Over the budget the copy is dropped
// and counted; with no ready shadow instance, or only ones that refused a connection within the
// last second, it fails at once and is counted as failed.
void sendMirrorCopy(ProxyShared& shared, UpstreamClient& client, const Request& upstream_request);

}  // namespace shadowscale::live
