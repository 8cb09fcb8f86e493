package io.chuanliu.common.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One user's entry in the model's user store: latent factors and the brands whose audience (as a
 * look-alike) includes the user. Stored as bytes: rank (int), factors (float each), audience count
 * (int), then each brand as length (short) and UTF-8; little-endian.
 */
public record UserRecord(float[] factors, String[] audienceBrands) {

    public byte[] toBytes() {
        byte[][] brands = new byte[audienceBrands.length][];
        int size = 4 + 4 * factors.length + 4;
        for (int i = 0; i < brands.length; i++) {
            brands[i] = audienceBrands[i].getBytes(StandardCharsets.UTF_8);
            size += 2 + brands[i].length;
        }
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(factors.length);
        for (float f : factors) {
            b.putFloat(f);
        }
        b.putInt(brands.length);
        for (byte[] brand : brands) {
            b.putShort((short) brand.length).put(brand);
        }
        return b.array();
    }

    /** @throws IllegalArgumentException if the bytes are not a user record (a corrupt store) */
    public static UserRecord fromBytes(byte[] bytes) {
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            float[] factors = new float[b.getInt()];
            for (int i = 0; i < factors.length; i++) {
                factors[i] = b.getFloat();
            }
            String[] brands = new String[b.getInt()];
            for (int i = 0; i < brands.length; i++) {
                byte[] name = new byte[b.getShort()];
                b.get(name);
                brands[i] = new String(name, StandardCharsets.UTF_8);
            }
            if (b.hasRemaining()) {
                throw new IllegalArgumentException(b.remaining() + " trailing bytes");
            }
            return new UserRecord(factors, brands);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a user record (" + bytes.length + " bytes): " + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UserRecord r
                && Arrays.equals(factors, r.factors)
                && Arrays.equals(audienceBrands, r.audienceBrands);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(factors) + Arrays.hashCode(audienceBrands);
    }

    @Override
    public String toString() {
        return "UserRecord" + Arrays.toString(factors) + Arrays.toString(audienceBrands);
    }
}
