package android.content;

public abstract class Context {
  public abstract java.io.File getCacheDir();
  public abstract ContentResolver getContentResolver();
}
