package io.chuanliu.stream.types;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Field codecs shared by the compact serializers. Strings are UTF-8 behind a variable-length
 * length (0 for null), so the ids that make up most fields (ASCII) are copied as bytes: Flink's
 * {@code StringValue} decodes char by char through a thread-local buffer, whose lookup alone was a
 * visible share of the routing thread's profile.
 */
public final class Fields {

    private static final String[] NO_STRINGS = new String[0];

    private Fields() {}

    /** A string or null. */
    public static void writeString(String value, DataOutputView out) throws IOException {
        if (value == null) {
            out.writeByte(0);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        writeLength(bytes.length + 1, out);
        out.write(bytes);
    }

    public static String readString(DataInputView in) throws IOException {
        int length = readLength(in) - 1;
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** A non-null array of strings (elements may be null). */
    public static void writeStrings(String[] values, DataOutputView out) throws IOException {
        writeLength(values.length, out);
        for (String v : values) {
            writeString(v, out);
        }
    }

    public static String[] readStrings(DataInputView in) throws IOException {
        int n = readLength(in);
        if (n == 0) {
            return NO_STRINGS;
        }
        String[] values = new String[n];
        for (int i = 0; i < n; i++) {
            values[i] = readString(in);
        }
        return values;
    }

    /** A non-negative int in 7-bit groups, low first: one byte below 128. */
    public static void writeLength(int value, DataOutputView out) throws IOException {
        while ((value & ~0x7F) != 0) {
            out.writeByte((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.writeByte(value);
    }

    public static int readLength(DataInputView in) throws IOException {
        int value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int b = in.readUnsignedByte();
            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IOException("malformed length in serialized state: more than five bytes");
    }
}
