package dev.blip.scorer.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.blip.core.bundle.BundleIO;
import dev.blip.core.bundle.ModelBundle;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The bundle being served plus two signatures of what per-key state depends on.
 * {@code stateSignature} hashes what the window state depends on (feature names, window length,
 * preprocessing with its fitted parameters): a key whose stored window state carries another one
 * was built for a different model and is reset. {@code detectorSignature} identifies the model
 * itself (its content hash): the detector's running statistics describe one model's errors, so a
 * key's detector state starts afresh whenever the model changes, even when the window state fits.
 */
public record ServingModel(ModelBundle bundle, long stateSignature, long detectorSignature) {

    public static ServingModel of(ModelBundle bundle) {
        return new ServingModel(bundle, signature(bundle), hash(bundle.version()));
    }

    public String version() {
        return bundle.version();
    }

    static long signature(ModelBundle bundle) {
        try {
            String text = BundleIO.json().writeValueAsString(List.of(bundle.manifest().features(),
                    bundle.manifest().model().windowLength(), bundle.manifest().preprocessing()));
            return hash(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot compute the state signature of model " + bundle.version(), e);
        }
    }

    private static long hash(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(hash).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
