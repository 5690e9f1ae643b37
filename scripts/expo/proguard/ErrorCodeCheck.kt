// Runs inside the minified jar (scripts/expo/check-proguard.sh): the module's JS error
// codes must survive obfuscation, and obfuscation must really have happened.
import expo.modules.speechemotion.code
import expo.modules.speechemotion.core.EmotionDetector
import expo.modules.speechemotion.core.EmotionException
import expo.modules.speechemotion.core.defaultDetectorConfig
import kotlin.system.exitProcess

object ErrorCodeCheck {
    @JvmStatic
    fun main(args: Array<String>) {
        val variants = listOf(
            EmotionException.InvalidAudio("r") to "InvalidAudio",
            EmotionException.UnsupportedFormat("r") to "UnsupportedFormat",
            EmotionException.Io("r") to "Io",
            EmotionException.InvalidModel("r") to "InvalidModel",
            EmotionException.InvalidConfig("r") to "InvalidConfig",
            EmotionException.MicrophoneUnavailable("r") to "MicrophoneUnavailable",
            EmotionException.PermissionDenied("r") to "PermissionDenied",
            EmotionException.AlreadyRunning("r") to "AlreadyRunning",
            EmotionException.Overrun("r") to "Overrun",
            EmotionException.Internal("r") to "Internal",
        )
        var failures = 0
        for ((error, want) in variants) {
            if (error.code() != want) { failures++; println("FAIL code of $want is ${error.code()}") }
        }
        // An error raised by the Rust library, through JNA, keeps its code too.
        val fromRust = try {
            EmotionDetector(defaultDetectorConfig()).use { it.classifyFile("${args.getOrElse(0) { "." }}/no/such/file.wav") }
            null
        } catch (e: EmotionException) { e }
        if (fromRust?.code() != "Io") { failures++; println("FAIL a missing file gave ${fromRust?.code()}") }
        // The check means something only if names were obfuscated.
        // (The name is built at run time: ProGuard rewrites a class-name literal given to forName.)
        val facade = listOf("expo", "modules", "speechemotion", "ErrorCodesKt").joinToString(".")
        val renamed = try { Class.forName(facade); false } catch (e: ClassNotFoundException) { true }
        if (!renamed) { failures++; println("FAIL the jar was not obfuscated (expo.modules.speechemotion.ErrorCodesKt kept its name)") }
        println(if (failures == 0) "ERROR CODES OK (obfuscated)" else "$failures ERROR CODE CHECKS FAILED")
        exitProcess(if (failures == 0) 0 else 1)
    }
}
