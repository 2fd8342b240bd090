package dev.blip.scorer.topology.serdes;

import dev.blip.core.detect.BucketVerdict;
import dev.blip.core.event.ParsedRecord;
import dev.blip.core.score.WindowScore;
import dev.blip.core.score.WindowScorer;
import dev.blip.core.testkit.TestBundles;
import dev.blip.core.testkit.TestTime;
import dev.blip.core.window.Window;
import dev.blip.scorer.model.ServingModel;
import dev.blip.scorer.state.KeyState;
import dev.blip.scorer.state.KeyStates;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The streaming encoder writes exactly what the object mapper writes for the same record. */
class ScoreRecordEncoderTest {

    /** A key that needs escaping in JSON. */
    static final String KEY = "k\u00e9y \"quoted\" \\ /";

    @Test
    void theStreamingEncoderWritesTheMappersBytes() {
        ServingModel model = ServingModel.of(TestBundles.small());
        KeyStates states = new KeyStates(model, Long.MAX_VALUE / 4);
        WindowScorer scorer = model.bundle().newScorer(1);
        ScoreRecordEncoder encoder = new ScoreRecordEncoder(model.bundle().features().names(), TestTime.BUCKET, model.version(),
                model.bundle().detector().spec().threshold());
        KeyState s = states.fresh(TestTime.START);
        int verdicts = 0;
        int anomalous = 0;
        for (int t = 0; t < 90; t++) {
            double count = t == 60 ? 400 : t >= 70 && t < 74 ? 0 : 40 + (t * 7) % 9;
            states.add(s, new ParsedRecord(KEY, TestTime.bucket(t), null, new double[] {count}));
            List<Window> windows = new ArrayList<>();
            states.close(s, KEY, TestTime.bucket(t), windows);
            for (WindowScore score : scorer.score(windows)) {
                BucketVerdict v = states.step(s, score);
                byte[] fast = encoder.encode(v);
                assertThat(new String(fast, StandardCharsets.UTF_8)).as("bucket %d", t)
                        .isEqualTo(new String(encoder.encodeWithMapper(v), StandardCharsets.UTF_8));
                verdicts++;
                anomalous += v.anomaly() ? 1 : 0;
            }
        }
        assertThat(verdicts).isEqualTo(90 - 20);
        assertThat(anomalous).as("anomalous verdicts (reasons, bands) are compared too").isPositive();
    }
}
