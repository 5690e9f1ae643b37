package android.media;

public final class MediaCodec {
  public static final int BUFFER_FLAG_END_OF_STREAM = 4;
  public static final int INFO_OUTPUT_FORMAT_CHANGED = -2;
  public static final class BufferInfo {
    public int flags;
    public int offset;
    public long presentationTimeUs;
    public int size;
  }
  public static MediaCodec createDecoderByType(String type) throws java.io.IOException { throw new RuntimeException("Stub!"); }
  public void configure(MediaFormat format, android.view.Surface surface, android.media.MediaCrypto crypto, int flags) { throw new RuntimeException("Stub!"); }
  public final void start() { throw new RuntimeException("Stub!"); }
  public final void stop() { throw new RuntimeException("Stub!"); }
  public final void release() { throw new RuntimeException("Stub!"); }
  public final int dequeueInputBuffer(long timeoutUs) { throw new RuntimeException("Stub!"); }
  public java.nio.ByteBuffer getInputBuffer(int index) { throw new RuntimeException("Stub!"); }
  public final void queueInputBuffer(int index, int offset, int size, long presentationTimeUs, int flags) { throw new RuntimeException("Stub!"); }
  public final int dequeueOutputBuffer(BufferInfo info, long timeoutUs) { throw new RuntimeException("Stub!"); }
  public java.nio.ByteBuffer getOutputBuffer(int index) { throw new RuntimeException("Stub!"); }
  public final MediaFormat getOutputFormat() { throw new RuntimeException("Stub!"); }
  public final void releaseOutputBuffer(int index, boolean render) { throw new RuntimeException("Stub!"); }
}
