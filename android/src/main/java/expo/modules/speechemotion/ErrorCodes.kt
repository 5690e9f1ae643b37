package expo.modules.speechemotion

import expo.modules.speechemotion.core.EmotionException

// Kept apart from the module (no Expo types here) so that scripts/expo/check-proguard.sh
// can run it minified on the JVM.

/**
 * The JS `error.code` of each variant, spelled out: R8 renames classes in release builds,
 * so a code taken from the class name would read "a" or "b" on a phone.
 */
internal fun EmotionException.code(): String = when (this) {
  is EmotionException.InvalidAudio -> "InvalidAudio"
  is EmotionException.UnsupportedFormat -> "UnsupportedFormat"
  is EmotionException.Io -> "Io"
  is EmotionException.InvalidModel -> "InvalidModel"
  is EmotionException.InvalidConfig -> "InvalidConfig"
  is EmotionException.MicrophoneUnavailable -> "MicrophoneUnavailable"
  is EmotionException.PermissionDenied -> "PermissionDenied"
  is EmotionException.AlreadyRunning -> "AlreadyRunning"
  is EmotionException.Overrun -> "Overrun"
  is EmotionException.Internal -> "Internal"
}

internal fun EmotionException.reason(): String = when (this) {
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
