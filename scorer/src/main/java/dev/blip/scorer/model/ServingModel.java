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
 * The bundle being served plus its state signature: a hash of what per-key window state depends
 * on (feature names, window length, transforms with their fitted parameters). Keys whose stored
 * state carries another signature were built for a different model and are reset.
 */
public record ServingModel(ModelBundle bundle, long stateSignature) {

    public static ServingModel of(ModelBundle bundle) {
        return new ServingModel(bundle, signature(bundle));
    }

    public String version() {
        return bundle.version();
    }

    static long signature(ModelBundle bundle) {
        try {
            String text = BundleIO.json().writeValueAsString(List.of(bundle.manifest().features(),
                    bundle.manifest().model().windowLength(), bundle.manifest().transforms()));
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(hash).getLong();
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot compute the state signature of model " + bundle.version(), e);
        }
    }
}
