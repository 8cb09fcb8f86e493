package io.chuanliu.stream.types;

import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/** Field codecs shared by the compact serializers: nullable strings and string arrays. */
final class Fields {

    private static final String[] NO_STRINGS = new String[0];

    private Fields() {}

    /** A string or null (Flink's string encoding, which marks null itself). */
    static void writeString(String value, DataOutputView out) throws IOException {
        StringValue.writeString(value, out);
    }

    static String readString(DataInputView in) throws IOException {
        return StringValue.readString(in);
    }

    /** A non-null array of strings (elements may be null). */
    static void writeStrings(String[] values, DataOutputView out) throws IOException {
        out.writeInt(values.length);
        for (String v : values) {
            StringValue.writeString(v, out);
        }
    }

    static String[] readStrings(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n == 0) {
            return NO_STRINGS;
        }
        String[] values = new String[n];
        for (int i = 0; i < n; i++) {
            values[i] = StringValue.readString(in);
        }
        return values;
    }
}
