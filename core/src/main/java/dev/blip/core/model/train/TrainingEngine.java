package dev.blip.core.model.train;

import java.util.Locale;

/** Which training path fits the network; chosen by the caller (the trainer's options). */
public enum TrainingEngine {
    /** {@link FastAutoencoderTrainer} when it supports the configuration, else DL4J's fit (logged). */
    AUTO,
    /** Always DL4J's {@code MultiLayerNetwork.fit}: an escape hatch and the reference. */
    DL4J;

    /** {@code auto} or {@code dl4j}, any case. */
    public static TrainingEngine parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("training engine must be auto or dl4j, got '" + text + "'");
        }
    }
}
