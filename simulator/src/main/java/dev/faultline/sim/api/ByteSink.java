package dev.faultline.sim.api;

import com.google.common.hash.PrimitiveSink;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;

/**
 * Records what a fingerprint writes, in the byte order the hash function reads it (little endian),
 * so that the bytes are equal exactly when the hashed input is.
 */
final class ByteSink implements PrimitiveSink {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  byte[] bytes() {
    return out.toByteArray();
  }

  int size() {
    return out.size();
  }

  private ByteSink put(int bytes, long value) {
    for (int i = 0; i < bytes; i++) {
      out.write((int) (value >>> (8 * i)));
    }
    return this;
  }

  @Override
  public ByteSink putByte(byte b) {
    out.write(b);
    return this;
  }

  @Override
  public ByteSink putBytes(byte[] bytes) {
    out.writeBytes(bytes);
    return this;
  }

  @Override
  public ByteSink putBytes(byte[] bytes, int off, int len) {
    out.write(bytes, off, len);
    return this;
  }

  @Override
  public ByteSink putBytes(ByteBuffer bytes) {
    ByteBuffer b = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    while (b.hasRemaining()) {
      out.write(b.get());
    }
    bytes.position(bytes.limit());
    return this;
  }

  @Override
  public ByteSink putShort(short s) {
    return put(2, s);
  }

  @Override
  public ByteSink putInt(int i) {
    return put(4, i);
  }

  @Override
  public ByteSink putLong(long l) {
    return put(8, l);
  }

  @Override
  public ByteSink putFloat(float f) {
    return put(4, Float.floatToRawIntBits(f));
  }

  @Override
  public ByteSink putDouble(double d) {
    return put(8, Double.doubleToRawLongBits(d));
  }

  @Override
  public ByteSink putBoolean(boolean b) {
    return putByte(b ? (byte) 1 : (byte) 0);
  }

  @Override
  public ByteSink putChar(char c) {
    return put(2, c);
  }

  @Override
  public ByteSink putUnencodedChars(CharSequence chars) {
    for (int i = 0; i < chars.length(); i++) {
      putChar(chars.charAt(i));
    }
    return this;
  }

  @Override
  public ByteSink putString(CharSequence chars, Charset charset) {
    return putBytes(chars.toString().getBytes(charset));
  }
}
