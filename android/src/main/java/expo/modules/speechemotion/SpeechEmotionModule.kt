package expo.modules.speechemotion

import android.Manifest
import android.util.Log
import expo.modules.interfaces.permissions.Permissions
import expo.modules.kotlin.Promise
import expo.modules.kotlin.exception.CodedException
import expo.modules.kotlin.modules.Module
import expo.modules.kotlin.modules.ModuleDefinition
import expo.modules.speechemotion.core.DetectorConfig
import expo.modules.speechemotion.core.EmotionDetector
import expo.modules.speechemotion.core.EmotionException
import expo.modules.speechemotion.core.EmotionListener
import expo.modules.speechemotion.core.EmotionResult
import expo.modules.speechemotion.core.EmotionStream
import expo.modules.speechemotion.core.LogLevel
import expo.modules.speechemotion.core.LogSink
import expo.modules.speechemotion.core.StreamState
import expo.modules.speechemotion.core.defaultDetectorConfig
import expo.modules.speechemotion.core.defaultStreamConfig
import expo.modules.speechemotion.core.setLogLevel
import expo.modules.speechemotion.core.setLogSink
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.cancel
import kotlinx.coroutines.runBlocking
import java.io.IOException
import java.util.concurrent.Executors

/** Expo module over the UniFFI-generated bindings. Only results cross the bridge. */
class SpeechEmotionModule : Module() {
  // Lazy is synchronized: the first caller (any thread) makes it; the model is shared.
  private val detector: EmotionDetector by lazy { EmotionDetector(defaultDetectorConfig()) }

  // Expo runs AsyncFunctions on one queue shared by every module; a file can take seconds
  // and a microphone start/stop waits for the device. So: files on the IO pool (several at
  // once), and the stream on this module's own thread, which is the only one touching
  // `stream` (start/stop/destroy are serialised there).
  private val streamThread = Executors.newSingleThreadExecutor { Thread(it, "SpeechEmotion.stream") }.asCoroutineDispatcher()
  private val streamScope = CoroutineScope(streamThread + SupervisorJob())
  private val fileScope = CoroutineScope(Dispatchers.IO + SupervisorJob())
  private var stream: EmotionStream? = null

  override fun definition() = ModuleDefinition {
    Name("SpeechEmotion")
    Events("onEmotion", "onError", "onStateChange")

    OnCreate { setLogSink(LogcatSink, LogLevel.WARN) }
    OnDestroy {
      runBlocking(streamThread) { stopStream() }
      streamScope.cancel()
      fileScope.cancel()
      streamThread.close()
    }

    AsyncFunction("classifyFileAsync") { uri: String, options: Map<String, Any?> ->
      rethrow {
        val context = appContext.reactContext ?: throw SpeechEmotionException("Internal", "the Android context is gone")
        when (val temperature = (options["temperature"] as? Number)?.toFloat()) {
          null -> AudioFiles.classify(context, detector, uri).toJs()
          // A detector is cheap (the model is shared); the default one is kept.
          else -> EmotionDetector(DetectorConfig(temperature = temperature)).use { AudioFiles.classify(context, it, uri).toJs() }
        }
      }
    }.runOnQueue(fileScope)

    Function("getModelInfo") {
      val info = detector.modelInfo()
      mapOf(
        "name" to info.name, "version" to info.version, "labels" to info.labels,
        "sampleRateHz" to info.sampleRateHz.toInt(), "windowMs" to info.windowMs.toInt(),
        "quantization" to info.quantization, "sizeBytes" to info.sizeBytes.toLong(),
        "onnxSha256" to info.onnxSha256, "metadataJson" to info.metadataJson,
      )
    }

    AsyncFunction("startListeningAsync") { options: Map<String, Any?> ->
      rethrow {
        stopStream()
        val defaults = DetectorConfig()
        val config = DetectorConfig(
          windowHopMs = (options["windowHopMs"] as? Number)?.toInt()?.toUInt() ?: defaults.windowHopMs,
          vadThresholdDbfs = (options["vadThresholdDbfs"] as? Number)?.toFloat() ?: defaults.vadThresholdDbfs,
          temperature = (options["temperature"] as? Number)?.toFloat(),
        )
        val streamConfig = defaultStreamConfig().let { d ->
          d.copy(smoothing = (options["smoothing"] as? Number)?.toFloat() ?: d.smoothing)
        }
        val live = EmotionStream(EmotionDetector(config), Listener(), streamConfig)
        // The default input device: AAudio, no ndk-context needed (device lookup by
        // name, which would need it, is refused by the library on Android).
        try {
          live.startMicrophone(null)
        } catch (e: EmotionException) {
          live.close()
          throw e
        }
        stream = live
      }
    }.runOnQueue(streamScope)

    AsyncFunction("stopListeningAsync") { stopStream() }.runOnQueue(streamScope)

    AsyncFunction("requestPermissionsAsync") { promise: Promise ->
      Permissions.askForPermissionsWithPermissionsManager(appContext.permissions, promise, Manifest.permission.RECORD_AUDIO)
    }
    AsyncFunction("getPermissionsAsync") { promise: Promise ->
      Permissions.getPermissionsWithPermissionsManager(appContext.permissions, promise, Manifest.permission.RECORD_AUDIO)
    }

    Function("setLogLevel") { level: String -> setLogLevel(logLevelOf(level)) }
  }

  /** Only on the stream thread. */
  private fun stopStream() {
    stream?.let { it.stop(); it.close() }
    stream = null
  }

  /** Runs on the library's worker thread; forwards to JS as events. */
  private inner class Listener : EmotionListener {
    override fun onResult(result: EmotionResult) = sendEvent("onEmotion", result.toJs())
    override fun onError(error: EmotionException) = sendEvent("onError", mapOf("code" to error.code(), "message" to error.reason()))
    override fun onState(state: StreamState) = sendEvent("onStateChange", mapOf("listening" to (state is StreamState.Started)))
  }

  private object LogcatSink : LogSink {
    override fun log(level: LogLevel, target: String, message: String) {
      val priority = when (level) {
        LogLevel.ERROR -> Log.ERROR; LogLevel.WARN -> Log.WARN; LogLevel.INFO -> Log.INFO
        LogLevel.DEBUG -> Log.DEBUG; else -> Log.VERBOSE
      }
      Log.println(priority, "SpeechEmotion", "$target: $message")
    }
  }
}

private fun EmotionResult.toJs() = mapOf(
  "emotion" to emotion, "confidence" to confidence.toDouble(),
  "scores" to scores.associate { it.label to it.score.toDouble() },
  "isSpeech" to isSpeech, "startMs" to startMs.toLong(), "endMs" to endMs.toLong(),
)

/** Library errors reach JS as coded exceptions: `error.code` is the variant name. */
internal class SpeechEmotionException(code: String, message: String) : CodedException(code, message, null)

private inline fun <T> rethrow(block: () -> T): T = try {
  block()
} catch (e: EmotionException) {
  throw SpeechEmotionException(e.code(), e.reason())
} catch (e: IOException) {
  throw SpeechEmotionException("Io", e.message ?: e.toString())
}

private fun logLevelOf(level: String) = when (level) {
  "off" -> LogLevel.OFF; "error" -> LogLevel.ERROR; "warn" -> LogLevel.WARN
  "info" -> LogLevel.INFO; "debug" -> LogLevel.DEBUG; else -> LogLevel.TRACE
}
