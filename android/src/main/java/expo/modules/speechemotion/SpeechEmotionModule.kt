package expo.modules.speechemotion

import android.Manifest
import android.util.Log
import expo.modules.interfaces.permissions.Permissions
import expo.modules.kotlin.Promise
import expo.modules.kotlin.exception.CodedException
import expo.modules.kotlin.modules.Module
import expo.modules.kotlin.modules.ModuleDefinition
import expo.modules.speechemotion.core.*

/** Expo module over the UniFFI-generated bindings. Only results cross the bridge. */
class SpeechEmotionModule : Module() {
  private val detector: EmotionDetector by lazy { EmotionDetector(defaultDetectorConfig()) }
  private var stream: EmotionStream? = null

  override fun definition() = ModuleDefinition {
    Name("SpeechEmotion")
    Events("onEmotion", "onError", "onStateChange")

    OnCreate { setLogSink(LogcatSink, LogLevel.WARN) }
    OnDestroy { stopStream() }

    AsyncFunction("classifyFileAsync") { uri: String, options: Map<String, Any?> ->
      rethrow {
        val path = uri.removePrefix("file://")
        when (val temperature = (options["temperature"] as? Number)?.toFloat()) {
          null -> detector.classifyFile(path).toJs()
          // A detector is cheap (the model is shared); the default one is kept.
          else -> EmotionDetector(DetectorConfig(temperature = temperature)).use { it.classifyFile(path).toJs() }
        }
      }
    }

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
        live.startMicrophone(null)
        stream = live
      }
    }

    AsyncFunction("stopListeningAsync") { stopStream() }

    AsyncFunction("requestPermissionsAsync") { promise: Promise ->
      Permissions.askForPermissionsWithPermissionsManager(appContext.permissions, promise, Manifest.permission.RECORD_AUDIO)
    }
    AsyncFunction("getPermissionsAsync") { promise: Promise ->
      Permissions.getPermissionsWithPermissionsManager(appContext.permissions, promise, Manifest.permission.RECORD_AUDIO)
    }

    Function("setLogLevel") { level: String -> setLogLevel(logLevelOf(level)) }
  }

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

private fun EmotionException.code(): String = this::class.simpleName ?: "Internal"

private fun EmotionException.reason(): String = when (this) {
  is EmotionException.InvalidAudio -> reason
  is EmotionException.UnsupportedFormat -> reason
  is EmotionException.Io -> reason
  is EmotionException.InvalidModel -> reason
  is EmotionException.InvalidConfig -> reason
  is EmotionException.MicrophoneUnavailable -> reason
  is EmotionException.PermissionDenied -> reason
  is EmotionException.AlreadyRunning -> reason
  is EmotionException.Overrun -> reason
  is EmotionException.Internal -> reason
}

/** Library errors reach JS as coded exceptions: `error.code` is the variant name. */
private class SpeechEmotionException(code: String, message: String) : CodedException(code, message, null)

private inline fun <T> rethrow(block: () -> T): T = try {
  block()
} catch (e: EmotionException) {
  throw SpeechEmotionException(e.code(), e.reason())
}

private fun logLevelOf(level: String) = when (level) {
  "off" -> LogLevel.OFF; "error" -> LogLevel.ERROR; "warn" -> LogLevel.WARN
  "info" -> LogLevel.INFO; "debug" -> LogLevel.DEBUG; else -> LogLevel.TRACE
}
