package dev.blip.scorer.topology;

import dev.blip.core.event.BadRecordException;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;

/**
 * Decodes record keys as strict UTF-8. A lenient decode replaces every malformed sequence with
 * U+FFFD, so the keys {@code ff}, {@code fe} and {@code ef bf bd} (which is U+FFFD, correctly
 * encoded) would all become one key; here only the last is a key, the others are refused as
 * {@code invalid_key}.
 */
final class RecordKeys {

    private RecordKeys() {
    }

    static String decode(byte[] key) {
        if (key == null) {
            return null;
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(key);
        try {
            return decoder.decode(in).toString();
        } catch (CharacterCodingException e) {
            int at = in.position();
            int length = e instanceof MalformedInputException m ? m.getInputLength() : 1;
            StringBuilder bad = new StringBuilder();
            for (int i = at; i < Math.min(key.length, at + Math.max(1, length)); i++) {
                bad.append(bad.length() == 0 ? "" : " ").append(String.format("%02x", key[i] & 0xff));
            }
            throw new BadRecordException("invalid_key", "record key must be valid UTF-8, got the malformed byte(s) " + bad
                    + " at offset " + at + " of " + key.length);
        }
    }
}
