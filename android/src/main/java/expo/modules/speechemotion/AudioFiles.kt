package expo.modules.speechemotion

import android.content.Context
import android.media.AudioFormat
import android.media.MediaCodec
import android.media.MediaExtractor
import android.media.MediaFormat
import android.net.Uri
import expo.modules.speechemotion.core.ClipSession
import expo.modules.speechemotion.core.EmotionDetector
import expo.modules.speechemotion.core.EmotionException
import expo.modules.speechemotion.core.EmotionResult
import java.io.File
import java.nio.ByteBuffer
import java.nio.ByteOrder

/**
 * `classifyFileAsync`: the Rust core reads the file when it knows the format; what it
 * refuses as UnsupportedFormat is decoded by the phone (MediaExtractor + MediaCodec, so
 * every format Android can play) and the PCM is streamed to the core in chunks.
 * `content://` URIs (document picker, share intents) are copied to the cache first.
 */
internal object AudioFiles {
  fun classify(context: Context, detector: EmotionDetector, uri: String): EmotionResult {
    val parsed = Uri.parse(uri)
    return when (parsed.scheme) {
      "content" -> {
        val copy = File.createTempFile("speech-emotion-", ".audio", context.cacheDir)
        try {
          val input = context.contentResolver.openInputStream(parsed)
            ?: throw EmotionException.Io("cannot open $uri through the ContentResolver")
          input.use { from -> copy.outputStream().use { to -> from.copyTo(to) } }
          classifyPath(detector, copy.path)
        } finally {
          copy.delete()
        }
      }
      "file" -> classifyPath(detector, parsed.path ?: uri.removePrefix("file://"))
      else -> classifyPath(detector, uri)
    }
  }

  private fun classifyPath(detector: EmotionDetector, path: String): EmotionResult = try {
    detector.classifyFile(path)
  } catch (refused: EmotionException.UnsupportedFormat) {
    decodeWithPlatform(detector, path, refused)
  }

  private const val TIMEOUT_US = 10_000L

  private fun decodeWithPlatform(detector: EmotionDetector, path: String, refused: EmotionException.UnsupportedFormat): EmotionResult {
    val extractor = MediaExtractor()
    try {
      try {
        extractor.setDataSource(path)
      } catch (e: Exception) {
        throw EmotionException.UnsupportedFormat("${refused.reason}; Android cannot read it either (${e.message})")
      }
      val track = (0 until extractor.trackCount).firstOrNull {
        extractor.getTrackFormat(it).getString(MediaFormat.KEY_MIME)?.startsWith("audio/") == true
      } ?: throw EmotionException.UnsupportedFormat("${refused.reason}; Android finds no audio track in it")
      extractor.selectTrack(track)
      val format = extractor.getTrackFormat(track)
      val codec = try {
        MediaCodec.createDecoderByType(format.getString(MediaFormat.KEY_MIME) ?: "")
      } catch (e: Exception) {
        throw EmotionException.UnsupportedFormat("${refused.reason}; this phone has no decoder for ${format.getString(MediaFormat.KEY_MIME)}")
      }
      try {
        codec.configure(format, null, null, 0)
        codec.start()
        return decode(detector, extractor, codec, format)
      } finally {
        codec.release()
      }
    } finally {
      extractor.release()
    }
  }

  /** The MediaCodec loop: compressed samples in, PCM out, each output buffer pushed to the core. */
  private fun decode(detector: EmotionDetector, extractor: MediaExtractor, codec: MediaCodec, format: MediaFormat): EmotionResult {
    var rate = format.getInteger(MediaFormat.KEY_SAMPLE_RATE)
    var channels = format.getInteger(MediaFormat.KEY_CHANNEL_COUNT)
    var encoding = AudioFormat.ENCODING_PCM_16BIT
    var session: ClipSession? = null
    try {
      val info = MediaCodec.BufferInfo()
      var inputDone = false
      var outputDone = false
      while (!outputDone) {
        if (!inputDone) {
          val index = codec.dequeueInputBuffer(TIMEOUT_US)
          if (index >= 0) {
            val buffer = codec.getInputBuffer(index) ?: throw EmotionException.Internal("MediaCodec gave no input buffer")
            val size = extractor.readSampleData(buffer, 0)
            if (size < 0) {
              codec.queueInputBuffer(index, 0, 0, 0, MediaCodec.BUFFER_FLAG_END_OF_STREAM)
              inputDone = true
            } else {
              codec.queueInputBuffer(index, 0, size, extractor.sampleTime, 0)
              extractor.advance()
            }
          }
        }
        val index = codec.dequeueOutputBuffer(info, TIMEOUT_US)
        if (index == MediaCodec.INFO_OUTPUT_FORMAT_CHANGED) {
          val out = codec.outputFormat
          rate = out.getInteger(MediaFormat.KEY_SAMPLE_RATE)
          channels = out.getInteger(MediaFormat.KEY_CHANNEL_COUNT)
          if (out.containsKey(MediaFormat.KEY_PCM_ENCODING)) encoding = out.getInteger(MediaFormat.KEY_PCM_ENCODING)
        } else if (index >= 0) {
          if (info.size > 0) {
            val pcm = codec.getOutputBuffer(index) ?: throw EmotionException.Internal("MediaCodec gave no output buffer")
            pcm.position(info.offset)
            pcm.limit(info.offset + info.size)
            val clip = session ?: detector.startClip(rate.toUInt(), channels.toUShort()).also { session = it }
            clip.pushInterleaved(toFloats(pcm.slice().order(ByteOrder.nativeOrder()), encoding))
          }
          codec.releaseOutputBuffer(index, false)
          outputDone = (info.flags and MediaCodec.BUFFER_FLAG_END_OF_STREAM) != 0
        }
      }
      codec.stop()
      val clip = session ?: throw EmotionException.InvalidAudio("the file decoded to no audio")
      return clip.finish()
    } finally {
      session?.close()
    }
  }

  private fun toFloats(pcm: ByteBuffer, encoding: Int): List<Float> = when (encoding) {
    AudioFormat.ENCODING_PCM_FLOAT -> {
      val floats = pcm.asFloatBuffer()
      FloatArray(floats.remaining()).also { floats.get(it) }.asList()
    }
    AudioFormat.ENCODING_PCM_16BIT -> {
      val shorts = pcm.asShortBuffer()
      FloatArray(shorts.remaining()) { shorts.get(it) / 32768f }.asList()
    }
    else -> throw EmotionException.UnsupportedFormat("MediaCodec produced PCM encoding $encoding (want 16-bit or float)")
  }
}
