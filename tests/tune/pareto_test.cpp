#include "tune/pareto.h"

#include <gtest/gtest.h>

#include <cmath>

namespace shadowscale {
namespace {

TEST(ParetoTest, TheFrontHoldsThePointsNothingDominatesInCostOrder) {
  const std::vector<Objectives> p{{10, 5}, {8, 9}, {12, 1}, {11, 6}, {8, 12}, {20, 1}, {9, 9}};
  EXPECT_EQ(paretoFront(p), (std::vector<std::size_t>{1, 0, 2}));
}

TEST(ParetoTest, EqualPointsAreAllOnTheFront) {
  const std::vector<Objectives> p{{5, 5}, {5, 5}, {6, 6}};
  EXPECT_EQ(paretoFront(p), (std::vector<std::size_t>{0, 1}));
}

TEST(ParetoTest, LayersPeelFrontsOffInTurn) {
  const std::vector<Objectives> p{{1, 3}, {2, 2}, {3, 1}, {2, 3}, {3, 3}};
  const auto layers = paretoLayers(p);
  ASSERT_EQ(layers.size(), 3u);
  EXPECT_EQ(layers[0], (std::vector<std::size_t>{0, 1, 2}));
  EXPECT_EQ(layers[1], (std::vector<std::size_t>{3}));
  EXPECT_EQ(layers[2], (std::vector<std::size_t>{4}));
}

TEST(ParetoTest, SpearmanIsOneForTheSameOrderAndMinusOneForTheReverse) {
  EXPECT_DOUBLE_EQ(spearman({1, 2, 3, 4}, {10, 20, 35, 100}), 1.0);
  EXPECT_DOUBLE_EQ(spearman({1, 2, 3, 4}, {4, 3, 2, 1}), -1.0);
  // Ties take their average rank: ranks (1, 2.5, 2.5, 4) against (1, 2, 3, 4).
  EXPECT_NEAR(spearman({1, 2, 2, 3}, {1, 2, 3, 4}), 4.5 / std::sqrt(4.5 * 5.0), 1e-12);
  EXPECT_TRUE(std::isnan(spearman({1, 1, 1}, {1, 2, 3})));
  EXPECT_TRUE(std::isnan(spearman({1}, {1})));
}

}  // namespace
}  // namespace shadowscale
