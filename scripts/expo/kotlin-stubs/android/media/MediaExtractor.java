package android.media;

public final class MediaExtractor {
  public MediaExtractor() {}
  public final void setDataSource(String path) throws java.io.IOException { throw new RuntimeException("Stub!"); }
  public final int getTrackCount() { throw new RuntimeException("Stub!"); }
  public MediaFormat getTrackFormat(int index) { throw new RuntimeException("Stub!"); }
  public void selectTrack(int index) { throw new RuntimeException("Stub!"); }
  public int readSampleData(java.nio.ByteBuffer byteBuf, int offset) { throw new RuntimeException("Stub!"); }
  public long getSampleTime() { throw new RuntimeException("Stub!"); }
  public boolean advance() { throw new RuntimeException("Stub!"); }
  public final void release() { throw new RuntimeException("Stub!"); }
}
