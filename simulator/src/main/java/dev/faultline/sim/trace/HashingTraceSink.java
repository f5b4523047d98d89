package dev.faultline.sim.trace;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of the exact JSON Lines bytes a {@link JsonlTraceWriter} would write, without storing
 * them: how determinism tests compare long runs cheaply. Two runs have equal {@link #hex()} iff
 * their trace files would be byte-identical (barring a SHA-256 collision).
 */
public final class HashingTraceSink implements TraceSink {
  private final MessageDigest digest;
  private final JsonGenerator generator;
  private long index;
  private String hex;

  public HashingTraceSink() {
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JDK", e);
    }
    generator = TraceJson.generator(new DigestStream(digest));
  }

  @Override
  public boolean enabled() {
    return true;
  }

  @Override
  public void accept(TraceEvent event) {
    if (hex != null) {
      throw new IllegalStateException("hash already taken; no more events may be added");
    }
    try {
      TraceJson.write(generator, index++, event);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** How many events were hashed. */
  public long count() {
    return index;
  }

  /** The SHA-256 in lower-case hex. After the first call, no more events may be added. */
  public String hex() {
    if (hex == null) {
      try {
        generator.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      hex = HexFormat.of().formatHex(digest.digest());
    }
    return hex;
  }

  /** Feeds bytes straight into the digest. */
  private static final class DigestStream extends OutputStream {
    private final MessageDigest digest;

    DigestStream(MessageDigest digest) {
      this.digest = digest;
    }

    @Override
    public void write(int b) {
      digest.update((byte) b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      digest.update(b, off, len);
    }
  }
}
