package dev.blip.trainer.train;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class WindowBudgetTest {

    @Test
    void everythingIsKeptWhenItFitsTheBudget() {
        int[] available = {100, 200, 300};
        assertThat(WindowBudget.quotas(available, new double[] {1, 2, 3}, 600)).containsExactly(100, 200, 300);
    }

    @Test
    void quietAndBusyStrataShareTheBudgetEquallyWhateverTheirSize() {
        // 90 quiet series with few windows each, 10 busy ones with many: by window count the busy ones would dominate
        int n = 100;
        int[] available = new int[n];
        double[] level = new double[n];
        for (int i = 0; i < n; i++) {
            available[i] = i < 90 ? 100 : 10_000;
            level[i] = i < 90 ? 0.5 + i * 0.01 : 500 + i;
        }
        int[] q = WindowBudget.quotas(available, level, 4_000);
        long total = Arrays.stream(q).asLongStream().sum();
        assertThat(total).isLessThanOrEqualTo(4_000).isGreaterThan(3_990);
        // four strata of 25 series by level: the quietest three are all quiet series, the last holds 15 quiet + 10 busy
        long quiet = Arrays.stream(q, 0, 90).asLongStream().sum();
        long busy = Arrays.stream(q, 90, 100).asLongStream().sum();
        assertThat(quiet).as("quiet series keep about three quarters plus their share of the last stratum").isGreaterThan(3_000);
        assertThat(busy).isGreaterThan(0);
        assertThat(Arrays.stream(q).min().orElseThrow()).as("every series is present").isGreaterThan(0);
        for (int i = 0; i < n; i++) {
            assertThat(q[i]).isLessThanOrEqualTo(available[i]);
        }
    }

    @Test
    void aShareASeriesCannotFillGoesToTheOthers() {
        long[] shares = WindowBudget.fill(new long[] {5, 1_000, 1_000}, 905);
        assertThat(shares).containsExactly(5, 450, 450);
    }

    @Test
    void keptWindowsAreEvenlySpacedAndExactlyAsMany() {
        int kept = 0;
        int last = -1;
        int maxGap = 0;
        for (int j = 0; j < 1_000; j++) {
            if (WindowBudget.keeps(j, 37, 1_000)) {
                kept++;
                maxGap = Math.max(maxGap, j - last);
                last = j;
            }
        }
        assertThat(kept).isEqualTo(37);
        assertThat(maxGap).isLessThanOrEqualTo(28);
        assertThat(last).as("reaches the end of the history").isGreaterThan(970);
    }
}
