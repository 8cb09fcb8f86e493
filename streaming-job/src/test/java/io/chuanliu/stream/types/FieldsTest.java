package io.chuanliu.stream.types;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class FieldsTest {

    @Test
    void lengthsBelow128TakeOneByteAndLargerOnesRoundTrip() throws Exception {
        for (int value : new int[] {0, 1, 127, 128, 300, 16_383, 16_384, Integer.MAX_VALUE}) {
            DataOutputSerializer out = new DataOutputSerializer(8);
            Fields.writeLength(value, out);
            assertThat(out.length())
                    .as("bytes for %d", value)
                    .isEqualTo(value < 128 ? 1 : value < 16_384 ? 2 : value < 2_097_152 ? 3 : 5);
            assertThat(Fields.readLength(new DataInputDeserializer(out.getCopyOfBuffer())))
                    .isEqualTo(value);
        }
    }

    @Test
    void stringsKeepNullEmptyAndNonAsciiApart() throws Exception {
        String[] values = {null, "", "u0001234", "直播间", "é".repeat(200)};
        DataOutputSerializer out = new DataOutputSerializer(64);
        Fields.writeStrings(values, out);
        assertThat(Fields.readStrings(new DataInputDeserializer(out.getCopyOfBuffer())))
                .containsExactly(values);
    }
}
