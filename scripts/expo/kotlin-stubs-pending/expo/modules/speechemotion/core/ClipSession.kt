// Used by check-kotlin.sh only while the generated binding (bindings/kotlin/generated)
// lacks the clip API the Rust core is adding: EmotionDetector::start_clip ->
// ClipSession { push_interleaved, finish }. Same signatures as UniFFI will generate.
package expo.modules.speechemotion.core

@Suppress("UNUSED_PARAMETER")
fun EmotionDetector.startClip(sampleRateHz: UInt, channels: UShort): ClipSession = ClipSession()

class ClipSession : AutoCloseable {
  @Suppress("UNUSED_PARAMETER")
  fun pushInterleaved(samples: List<Float>) {}
  fun finish(): EmotionResult = TODO()
  override fun close() {}
}
