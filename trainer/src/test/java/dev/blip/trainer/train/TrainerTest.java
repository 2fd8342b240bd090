package dev.blip.trainer.train;

import dev.blip.core.bucket.BucketInterval;
import dev.blip.core.bucket.CountSeries;
import dev.blip.core.bucket.FeatureSpec;
import dev.blip.core.model.train.TrainingEngine;
import dev.blip.core.testkit.TestTraffic;
import dev.blip.core.transform.TransformSpec;
import dev.blip.core.window.Window;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrainerTest {

    private static final Clock FIXED = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    private static List<CountSeries> traffic() {
        return TestTraffic.synthetic(3, 400, 5, 200, 48, 0, 400, 11L).series();
    }

    private static TrainOptions small() {
        return TrainOptions.builder().windowLength(12).hidden(List.of(8)).epochs(2).batchSize(32).seed(7)
                .preprocessing(TrainOptions.eventPreprocessing(12)).allowUnderfit(true).build();
    }

    @Test
    void sameDataSeedAndClockGiveTheSameModelVersion() {
        TrainResult a = new Trainer(FIXED).train(traffic(), small());
        TrainResult b = new Trainer(FIXED).train(traffic(), small());
        assertThat(a.bundle().version()).isEqualTo(b.bundle().version());
        assertThat(a.epochs()).isEqualTo(b.epochs().stream()
                .map(e -> new EpochStats(e.epoch(), e.trainLoss(), e.validationLoss(), e.improved(),
                        a.epochs().get(e.epoch() - 1).windowsPerSecond())).toList());

        TrainResult later = new Trainer(Clock.offset(FIXED, java.time.Duration.ofHours(1))).train(traffic(), small());
        assertThat(later.manifest().createdAt()).isEqualTo("2026-01-01T01:00:00Z");
        assertThat(later.bundle().version()).isNotEqualTo(a.bundle().version());
        assertThat(later.manifest().withModelVersion(null))
                .usingRecursiveComparison().ignoringFields("createdAt")
                .isEqualTo(a.manifest().withModelVersion(null));

        TrainResult otherSeed = new Trainer(FIXED).train(traffic(), small().toBuilder().seed(8).build());
        assertThat(otherSeed.bundle().version()).isNotEqualTo(a.bundle().version());
    }

    @Test
    void fastTrainerAndDl4jFitTrainTheSameModel() {
        // same start weights and batches; the two paths differ only by float rounding
        TrainOptions o = small().toBuilder().epochs(3).patience(5).build();
        TrainResult fast = new Trainer(FIXED).train(traffic(), o);
        TrainResult dl4j = new Trainer(FIXED).train(traffic(), o.toBuilder().engine(TrainingEngine.DL4J).build());
        assertThat(fast.epochs()).hasSize(3);
        assertThat(dl4j.epochs()).hasSize(3);
        for (int e = 0; e < 3; e++) {
            EpochStats f = fast.epochs().get(e);
            EpochStats d = dl4j.epochs().get(e);
            assertThat(f.trainLoss()).isCloseTo(d.trainLoss(), org.assertj.core.data.Percentage.withPercentage(0.5));
            assertThat(f.validationLoss()).isCloseTo(d.validationLoss(), org.assertj.core.data.Percentage.withPercentage(0.5));
        }
        // and the loss moved: the epochs trained something
        assertThat(fast.epochs().get(2).trainLoss()).isLessThan(0.95 * fast.epochs().get(0).trainLoss());
    }

    @Test
    void splitIsByTimeAndNoWindowStraddlesTheCut() {
        TrainOptions o = small().toBuilder().stride(2).build();
        TrainingData data = TrainingData.split(traffic(), o);
        for (CountSeries s : traffic()) {
            long cut = s.bucketStart(TrainingData.cut(s, o));
            List<Window> train = data.train().stream().filter(w -> w.key().equals(s.key())).toList();
            List<Window> validation = data.validation().stream().filter(w -> w.key().equals(s.key())).toList();
            assertThat(train).isNotEmpty().allMatch(w -> w.endBucketStart() < cut);
            assertThat(validation).isNotEmpty().allMatch(w -> w.firstBucketStart() >= cut);
            long step = s.interval().millis();
            for (int i = 1; i < train.size(); i++) {
                assertThat(train.get(i).endBucketStart() - train.get(i - 1).endBucketStart()).isEqualTo(2 * step);
            }
        }
    }

    @Test
    void robustNormaliserIsFittedOnTrainingPartOnly() {
        CountSeries s = traffic().get(0);
        double[][] v = s.values();
        for (int t = TrainingData.cut(s, small()); t < v.length; t++) {
            v[t][0] = v[t][0] * 1000 + (t % 2) * 5000;
        }
        TrainOptions o = small().toBuilder().preprocessing(TrainOptions.seriesPreprocessing(12)).build();
        TrainingData withSpike = TrainingData.split(List.of(s), o);
        TrainingData clean = TrainingData.split(List.of(traffic().get(0)), o);
        for (int group = 0; group < 2; group++) {
            List<TransformSpec> a = withSpike.preprocessing().channels().get(group).transforms();
            List<TransformSpec> b = clean.preprocessing().channels().get(group).transforms();
            TransformSpec na = a.get(a.size() - 2);
            TransformSpec nb = b.get(b.size() - 2);
            assertThat(na.kind()).isEqualTo(dev.blip.core.transform.TransformKind.ROBUST);
            assertThat(na.center()).isEqualTo(nb.center());
            assertThat(na.scale()).isEqualTo(nb.scale());
        }
    }

    @Test
    void modelThatCannotBeatNaivePredictorsIsRefusedUnlessAllowed() {
        // White noise: nothing predicts the next value better than the mean, so no model is twice as good.
        Random rnd = new Random(3);
        double[][] noise = new double[300][1];
        for (double[] row : noise) {
            row[0] = rnd.nextGaussian();
        }
        CountSeries s = new CountSeries("noise", BucketInterval.parse("1m"), 0, FeatureSpec.single("value"), noise);
        TrainOptions o = small().toBuilder().preprocessing(TrainOptions.seriesPreprocessing(12)).epochs(1)
                .underfitRatio(0.5).allowUnderfit(false).build();
        assertThatThrownBy(() -> new Trainer(FIXED).train(List.of(s), o))
                .isInstanceOf(UnderfitException.class)
                .hasMessageContaining("UNDERFIT").hasMessageContaining("window mean").hasMessageContaining("last value");
        TrainResult allowed = new Trainer(FIXED).train(List.of(s), o.toBuilder().allowUnderfit(true).build());
        assertThat(allowed.underfit().passed()).isFalse();
        assertThat(allowed.manifest().metrics()).containsEntry("underfit", true);
    }

    @Test
    void learnedModelBeatsNaivePredictorsOnSeasonalTraffic() {
        TrainResult r = new Trainer(FIXED).train(traffic(), small().toBuilder().epochs(4).hidden(List.of(16)).build());
        assertThat(r.underfit().modelMse()).isLessThan(r.underfit().bestNaive());
        assertThat(r.underfit().passed()).isTrue();
        assertThat(r.epochs()).hasSizeBetween(1, 4);
        assertThat(r.validationScores()).hasSize((int) r.manifest().calibration().validationWindows());
    }

    @Test
    void reverseBidirectionalAndMahalanobisOptionsReachTheBundle() {
        TrainOptions o = small().toBuilder().reverse(true).bidirectional(true).epochs(1)
                .calibration(dev.blip.trainer.calibrate.CalibrationChoice.of(
                        dev.blip.core.score.CalibrationMethod.MAHALANOBIS, 0.99)).build();
        TrainResult r = new Trainer(FIXED).train(traffic(), o);
        assertThat(r.manifest().model().reverseOrder()).isTrue();
        assertThat(r.manifest().model().bidirectional()).isTrue();
        assertThat(r.manifest().calibration().method()).isEqualTo(dev.blip.core.score.CalibrationMethod.MAHALANOBIS);
        assertThat(r.manifest().calibration().parameter()).isEqualTo(0.99);
        long above = r.validationScores().stream().filter(s -> s.anomaly()).count();
        assertThat(above).isLessThanOrEqualTo(Math.round(0.01 * r.validationScores().size()) + 1);
    }

    @Test
    void invalidOptionsNameEveryViolation() {
        TrainOptions bad = small().toBuilder().windowLength(1).epochs(0).validationFraction(1.0).build();
        assertThatThrownBy(() -> new Trainer(FIXED).train(traffic(), bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("window: must be in [2, 4096], got 1")
                .hasMessageContaining("epochs: must be >= 1, got 0")
                .hasMessageContaining("validation-fraction: must be in (0, 1), got 1.0");
    }
}
