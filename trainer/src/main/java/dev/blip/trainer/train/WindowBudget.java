package dev.blip.trainer.train;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * How many windows of each series a training run keeps when all of them would exceed a budget.
 * Series are ranked by their mean level (events per bucket) and cut into up to {@value #STRATA}
 * strata of equal series count, so quiet and busy keys are both present whatever their numbers;
 * the budget is shared equally by the strata, then equally by the series of a stratum (a share a
 * series cannot fill goes to the others), and each series keeps windows evenly spaced over its
 * history. Deterministic: no randomness, the same series give the same selection.
 */
final class WindowBudget {

    static final int STRATA = 4;

    private WindowBudget() {
    }

    /**
     * @param available windows each series offers
     * @param level     each series' mean level (only its order matters)
     * @param budget    most windows kept in total
     * @return windows kept per series: {@code available} itself when it fits the budget
     */
    static int[] quotas(int[] available, double[] level, long budget) {
        long total = Arrays.stream(available).asLongStream().sum();
        if (total <= budget) {
            return available.clone();
        }
        int n = available.length;
        Integer[] byLevel = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(byLevel, Comparator.<Integer>comparingDouble(i -> level[i]).thenComparingInt(i -> i));
        int strata = Math.min(STRATA, n);
        long[] capacity = new long[strata];
        int[][] members = new int[strata][];
        for (int s = 0; s < strata; s++) {
            int from = (int) ((long) s * n / strata);
            int to = (int) ((long) (s + 1) * n / strata);
            members[s] = new int[to - from];
            for (int i = from; i < to; i++) {
                members[s][i - from] = byLevel[i];
                capacity[s] += available[byLevel[i]];
            }
        }
        long[] stratumShare = fill(capacity, budget);
        int[] out = new int[n];
        for (int s = 0; s < strata; s++) {
            long[] caps = new long[members[s].length];
            for (int i = 0; i < caps.length; i++) {
                caps[i] = available[members[s][i]];
            }
            long[] shares = fill(caps, stratumShare[s]);
            for (int i = 0; i < caps.length; i++) {
                out[members[s][i]] = (int) shares[i];
            }
        }
        return out;
    }

    /** Water-filling: equal shares of {@code budget}, none above its capacity, the rest to the others. */
    static long[] fill(long[] capacity, long budget) {
        int n = capacity.length;
        long[] out = new long[n];
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.<Integer>comparingLong(i -> capacity[i]).thenComparingInt(i -> i));
        long left = budget;
        for (int k = 0; k < n; k++) {
            int i = order[k];
            long share = left / (n - k);
            out[i] = Math.min(capacity[i], share);
            left -= out[i];
        }
        return out;
    }

    /** Whether window {@code j} of {@code available} is among the {@code keep} evenly spaced ones. */
    static boolean keeps(long j, long keep, long available) {
        return (j + 1) * keep / available > j * keep / available;
    }
}
