package dev.blip.core.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blip.core.io.LogText;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Optional Ed25519 signatures on bundles. The trainer signs the model version (the SHA-256 of the
 * network and the manifest, so the signature covers every byte that matters) with a private key
 * and stores {@code signature.json} in the bundle; a scorer given the public key refuses a bundle
 * that is unsigned or signed by another key. Keys are PEM files as OpenSSL writes them:
 * {@code openssl genpkey -algorithm ed25519 -out sign.pem} and
 * {@code openssl pkey -in sign.pem -pubout -out verify.pem}.
 */
public final class BundleSignature {

    public static final String ENTRY = "signature.json";
    static final String ALGORITHM = "Ed25519";
    static final long MAX_ENTRY_BYTES = 4096;
    private static final String CONTEXT = "blip-bundle-signature-v1:";

    private BundleSignature() {
    }

    /** Reads a PKCS#8 PEM Ed25519 private key ({@code -----BEGIN PRIVATE KEY-----}). */
    public static PrivateKey readPrivateKey(Path pem) {
        byte[] der = pem(pem, "PRIVATE KEY");
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(pem + " is not an Ed25519 private key: " + e.getMessage(), e);
        }
    }

    /** Reads an X.509 PEM Ed25519 public key ({@code -----BEGIN PUBLIC KEY-----}). */
    public static PublicKey readPublicKey(Path pem) {
        byte[] der = pem(pem, "PUBLIC KEY");
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(pem + " is not an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    /** PEM text of a key (tests and tools write key files with it). */
    public static String toPem(java.security.Key key) {
        String type = key instanceof PrivateKey ? "PRIVATE KEY" : "PUBLIC KEY";
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded()) + "\n-----END " + type + "-----\n";
    }

    /** Short identity of a public key: the first 16 hex digits of the SHA-256 of its encoding. */
    public static String keyId(PublicKey key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded())).substring(0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] sign(String modelVersion, PrivateKey key) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(key);
            s.update((CONTEXT + modelVersion).getBytes(StandardCharsets.US_ASCII));
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("algorithm", ALGORITHM);
            entry.put("signature", Base64.getEncoder().encodeToString(s.sign()));
            return BundleIO.json().writeValueAsBytes(entry);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot sign model " + modelVersion + ": " + e.getMessage(), e);
        }
    }

    /** Refuses unless {@code entry} is an Ed25519 signature of {@code modelVersion} by {@code key}. */
    static void verify(byte[] entry, String modelVersion, PublicKey key, String where) {
        if (entry == null) {
            throw new BundleException("signature", where + " is not signed, but this scorer requires bundles signed by key "
                    + keyId(key));
        }
        JsonNode node;
        try {
            node = BundleIO.json().readTree(entry);
        } catch (IOException e) {
            throw new BundleException("signature", ENTRY + " in " + where + " is not valid JSON: " + e.getMessage());
        }
        if (node == null || !ALGORITHM.equals(node.path("algorithm").asText())) {
            throw new BundleException("signature", "algorithm must be " + ALGORITHM + " in " + where + ", got '"
                    + LogText.escape(node == null ? "" : node.path("algorithm").asText()) + "'");
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(node.path("signature").asText());
        } catch (IllegalArgumentException e) {
            throw new BundleException("signature", "signature in " + where + " is not base64");
        }
        boolean valid;
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(key);
            s.update((CONTEXT + modelVersion).getBytes(StandardCharsets.US_ASCII));
            valid = s.verify(signature);
        } catch (GeneralSecurityException e) {
            valid = false;
        }
        if (!valid) {
            throw new BundleException("signature", "in " + where + " is not a valid signature of model " + modelVersion
                    + " by key " + keyId(key) + " (signed with another key, or changed after signing)");
        }
    }

    private static byte[] pem(Path file, String type) {
        String text;
        try {
            if (Files.size(file) > 16_384) {
                throw new IllegalArgumentException(file + " is too large to be a PEM key");
            }
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read key file " + file + ": " + e.getMessage(), e);
        }
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException(file + " must be a PEM file with a '" + begin + "' block");
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + " holds invalid base64 in its PEM block", e);
        }
    }
}
