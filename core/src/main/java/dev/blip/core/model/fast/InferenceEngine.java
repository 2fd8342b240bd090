package dev.blip.core.model.fast;

import java.util.Locale;

/** Which inference path a bundle's scorer uses; chosen by the caller (the scorer's configuration). */
public enum InferenceEngine {
    /** The fast LSTM pass when it supports the network, else DL4J (logged). */
    AUTO,
    /** Always DL4J's own inference: an operator's escape hatch. */
    DL4J;

    /** {@code auto} or {@code dl4j}, any case. */
    public static InferenceEngine parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("inference engine must be auto or dl4j, got '" + text + "'");
        }
    }
}
