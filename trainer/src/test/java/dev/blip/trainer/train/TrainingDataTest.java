package dev.blip.trainer.train;

import dev.blip.core.bucket.CountSeries;
import dev.blip.core.testkit.TestTraffic;
import dev.blip.core.transform.ChannelPipeline;
import dev.blip.core.window.Window;
import dev.blip.core.window.WindowAssembler;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class TrainingDataTest {

    /** 24 keys of 400 buckets; the generator gives them different rates. */
    private static List<CountSeries> traffic() {
        return TestTraffic.synthetic(24, 400, 5, 200, 48, 0, 400, 11L).series();
    }

    private static TrainOptions.Builder options() {
        return TrainOptions.builder().windowLength(12).hidden(List.of(8)).epochs(1)
                .preprocessing(TrainOptions.eventPreprocessing(12)).allowUnderfit(true);
    }

    @Test
    void theWindowCountsUsedForTheBudgetAreTheWindowsTheAssemblerMakes() {
        for (int stride : new int[] {1, 3}) {
            TrainOptions o = options().stride(stride).build();
            for (CountSeries s : traffic().subList(0, 3)) {
                TrainingData one = TrainingData.split(List.of(s), o);
                WindowAssembler assembler = new WindowAssembler(new ChannelPipeline(one.preprocessing(), s.featureCount()), 12);
                assertThat(TrainingData.trainWindows(s, assembler.readyAfter(), o)).isEqualTo(one.train().size());
                assertThat(TrainingData.validationWindows(s, assembler.readyAfter(), o)).isEqualTo(one.validation().size());
                assertThat(one.sampled()).isFalse();
            }
        }
    }

    @Test
    void aBudgetKeepsEverySeriesAndSpreadsItsWindowsOverTime() {
        List<CountSeries> series = traffic();
        TrainingData all = TrainingData.split(series, options().build());
        TrainingData cut = TrainingData.split(series, options().maxWindows(1_000).build());

        assertThat(all.sampled()).isFalse();
        assertThat(all.train().size()).isGreaterThan(5_000);
        assertThat(cut.sampled()).isTrue();
        assertThat(cut.trainAvailable()).isEqualTo(all.train().size());
        assertThat(cut.validationAvailable()).isEqualTo(all.validation().size());
        assertThat(cut.train().size()).isBetween(990, 1_000);
        assertThat(cut.validation().size()).isBetween(240, 250);
        assertThat(cut.used()).hasSameSizeAs(all.used());
        Map<String, List<Window>> byKey = cut.train().stream().collect(Collectors.groupingBy(Window::key));
        assertThat(byKey.keySet()).as("every series is sampled").hasSize(series.size());
        Set<Long> allEnds = all.train().stream().map(Window::endBucketStart).collect(Collectors.toSet());
        for (List<Window> w : byKey.values()) {
            assertThat(allEnds).containsAll(w.stream().map(Window::endBucketStart).toList());
            long span = w.get(w.size() - 1).endBucketStart() - w.get(0).endBucketStart();
            long fullSpan = all.train().stream().filter(x -> x.key().equals(w.get(0).key()))
                    .mapToLong(Window::endBucketStart).max().orElseThrow()
                    - all.train().stream().filter(x -> x.key().equals(w.get(0).key())).mapToLong(Window::endBucketStart).min().orElseThrow();
            assertThat(span).as("windows of %s cover its history", w.get(0).key()).isGreaterThan(fullSpan * 8 / 10);
        }
        // the same input gives the same selection
        TrainingData again = TrainingData.split(series, options().maxWindows(1_000).build());
        assertThat(again.train().stream().map(w -> w.key() + w.endBucketStart()).toList())
                .isEqualTo(cut.train().stream().map(w -> w.key() + w.endBucketStart()).toList());
    }
}
