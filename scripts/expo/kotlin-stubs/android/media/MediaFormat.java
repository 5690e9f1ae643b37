package android.media;

public final class MediaFormat {
  public static final String KEY_MIME = "mime";
  public static final String KEY_SAMPLE_RATE = "sample-rate";
  public static final String KEY_CHANNEL_COUNT = "channel-count";
  public static final String KEY_PCM_ENCODING = "pcm-encoding";
  public final String getString(String name) { throw new RuntimeException("Stub!"); }
  public final int getInteger(String name) { throw new RuntimeException("Stub!"); }
  public final boolean containsKey(String name) { throw new RuntimeException("Stub!"); }
}
