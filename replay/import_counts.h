#pragma once

namespace shadowscale {

class ImportContext;

// Imports a count series (read by CountCsvReader; bad rows are reported and skipped up to
// --max-bad). Each row's count becomes that many requests spread evenly across the
// row's interval (deterministic: the midpoints of equal slices); fractional counts carry over to
// the next row so totals are kept.
void importCounts(ImportContext& context);

}  // namespace shadowscale
