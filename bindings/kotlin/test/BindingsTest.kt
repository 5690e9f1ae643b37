// Runs the generated Kotlin bindings on the desktop JVM against the host-built library
// (exactly as on Android, minus the packaging). Driven by tests/bindings.rs:
//   kotlinc generated/... BindingsTest.kt -cp jna.jar -include-runtime -d test.jar
//   java -Djna.library.path=target/debug -cp test.jar:jna.jar BindingsTestKt <repo root>
import expo.modules.speechemotion.core.*
import java.util.concurrent.CopyOnWriteArrayList
import kotlin.system.exitProcess

var failures = 0

fun check(name: String, condition: Boolean, detail: () -> String = { "" }) {
    if (condition) println("ok   $name") else { failures++; println("FAIL $name ${detail()}") }
}

inline fun <reified E : Throwable> expectThrows(name: String, block: () -> Unit) {
    try {
        block()
        check(name, false) { "no exception" }
    } catch (e: Throwable) {
        check(name, e is E) { "got ${e::class.qualifiedName}: ${e.message}" }
    }
}

class Recorder : EmotionListener {
    val results = CopyOnWriteArrayList<EmotionResult>()
    val errors = CopyOnWriteArrayList<EmotionException>()
    val states = CopyOnWriteArrayList<StreamState>()
    override fun onResult(result: EmotionResult) { results.add(result) }
    override fun onError(error: EmotionException) { errors.add(error) }
    override fun onState(state: StreamState) { states.add(state) }
}

class Throwing : EmotionListener {
    var calls = 0
    override fun onResult(result: EmotionResult) { calls++; throw IllegalStateException("listener bug") }
    override fun onError(error: EmotionException) {}
    override fun onState(state: StreamState) {}
}

fun readPcm16(path: String): Pair<List<Float>, UInt> {
    val bytes = java.io.File(path).readBytes()
    // The fixture is a canonical 44-byte-header 16-bit mono WAV.
    val rate = java.nio.ByteBuffer.wrap(bytes, 24, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).int.toUInt()
    val data = java.nio.ByteBuffer.wrap(bytes, 44, bytes.size - 44).order(java.nio.ByteOrder.LITTLE_ENDIAN)
    val samples = ArrayList<Float>(data.remaining() / 2)
    while (data.remaining() >= 2) samples.add(data.short / 32768f)
    return samples to rate
}

fun main(args: Array<String>) {
    val root = args.getOrElse(0) { "." }
    val fixture = "$root/tests/fixtures/speech_16k_mono.wav"
    val detector = EmotionDetector(defaultDetectorConfig())

    val info = detector.modelInfo()
    check("model info labels", info.labels == listOf("happy", "sad", "angry", "surprised", "neutral")) { "${info.labels}" }

    val result = detector.classifyFile(fixture)
    check("classify fixture is speech", result.isSpeech) { "$result" }
    check("classify fixture has a label", result.emotion in info.labels) { result.emotion }
    check("scores sum to 1", kotlin.math.abs(result.scores.sumOf { it.score.toDouble() } - 1.0) < 1e-3)

    // What a phone records (AAC in M4A) reads through the binding as the WAV it came from.
    val m4a = detector.classifyFile("$root/tests/fixtures/formats/speech_aac_44k.m4a")
    check("an M4A gets the WAV's label", m4a.emotion == result.emotion) { "$m4a vs $result" }
    expectThrows<EmotionException.UnsupportedFormat>("ALAC -> UnsupportedFormat") {
        detector.classifyFile("$root/tests/fixtures/formats/unsupported_alac.m4a")
    }

    val silence = detector.classifyPcm(List(32000) { 0f }, 16000u)
    check("silence is not speech", !silence.isSpeech && silence.emotion == "silence") { "$silence" }

    // Each error arrives as the right Kotlin exception.
    expectThrows<EmotionException.Io>("missing file -> Io") { detector.classifyFile("$root/no/such/file.wav") }
    expectThrows<EmotionException.UnsupportedFormat>("text file -> UnsupportedFormat") {
        detector.classifyFile("$root/tests/fixtures/text_named.wav")
    }
    expectThrows<EmotionException.InvalidAudio>("NaN -> InvalidAudio") { detector.classifyPcm(listOf(0.1f, Float.NaN), 16000u) }
    expectThrows<EmotionException.InvalidAudio>("absurd rate -> InvalidAudio") { detector.classifyPcm(List(100) { 0f }, 5u) }
    expectThrows<EmotionException.InvalidConfig>("zero hop -> InvalidConfig") {
        EmotionDetector(defaultDetectorConfig().copy(windowHopMs = 0u))
    }
    check("the record's defaults are the library's", DetectorConfig() == defaultDetectorConfig()) { "${DetectorConfig()}" }
    expectThrows<EmotionException.InvalidConfig>("zero temperature -> InvalidConfig") {
        EmotionDetector(DetectorConfig(temperature = 0f))
    }
    val softer = EmotionDetector(DetectorConfig(temperature = 1.75f)).classifyFile(fixture)
    check("a higher temperature lowers the confidence", softer.confidence < result.confidence) { "$softer vs $result" }
    expectThrows<EmotionException.InvalidModel>("corrupt model -> InvalidModel") {
        EmotionDetector.fromModelBytes(byteArrayOf(1, 2, 3), "{}", defaultDetectorConfig())
    }

    // A stream in push mode with a Kotlin listener gives the same windows as the timeline.
    val (pcm, rate) = readPcm16(fixture)

    // PCM decoded elsewhere (the platform, for formats the core refuses), pushed in chunks
    // through a ClipSession, classifies exactly like the file.
    detector.startClip(rate, 1.toUShort()).use { clip ->
        pcm.chunked(4096).forEach { clip.pushInterleaved(it) }
        val pushed = clip.finish()
        check("a ClipSession classifies like the file", pushed == result) { "$pushed vs $result" }
        expectThrows<EmotionException.InvalidAudio>("a finished clip refuses more") { clip.finish() }
    }
    val recorder = Recorder()
    val exact = defaultStreamConfig().copy(smoothing = 0f, overflow = OverflowPolicy.BLOCK)
    val stream = EmotionStream(detector, recorder, exact)
    pcm.chunked(1600).forEach { stream.pushPcm(it, rate) }
    expectThrows<EmotionException.AlreadyRunning>("microphone while pushing -> AlreadyRunning") { stream.startMicrophone(null) }
    stream.stop()
    stream.stop()
    val timeline = detector.timelineFile(fixture)
    check("stream windows == timeline windows", recorder.results.map { it.startMs to it.endMs } == timeline.map { it.startMs to it.endMs }) {
        "${recorder.results.size} vs ${timeline.size}"
    }
    check("stream posteriors == timeline posteriors", recorder.results.zip(timeline).all { (a, b) ->
        a.scores.zip(b.scores).all { (x, y) -> kotlin.math.abs(x.score - y.score) < 1e-5 }
    })
    check("states Started(Push) then Stopped", recorder.states.toList() == listOf(StreamState.Started(AudioSource.Push), StreamState.Stopped))
    check("stats count results", stream.stats().resultsDelivered == recorder.results.size.toULong())
    expectThrows<EmotionException.InvalidAudio>("push NaN -> InvalidAudio") { stream.pushPcm(listOf(Float.NaN), 16000u) }

    // Library log records reach a Kotlin sink (the Android module forwards them to logcat).
    val logs = CopyOnWriteArrayList<Pair<LogLevel, String>>()
    setLogSink(object : LogSink {
        override fun log(level: LogLevel, target: String, message: String) { logs.add(level to message) }
    }, LogLevel.WARN)

    // A listener that throws does not crash the stream.
    val throwing = Throwing()
    val stream2 = EmotionStream(detector, throwing, exact)
    stream2.pushPcm(pcm, rate)
    stream2.stop()
    check("throwing listener counted, stream survived", throwing.calls > 0 && stream2.stats().listenerFailures == throwing.calls.toULong()) {
        "calls=${throwing.calls} stats=${stream2.stats()}"
    }
    check("listener failure logged to the Kotlin sink", logs.any { it.first == LogLevel.ERROR && "listener" in it.second }) { "$logs" }
    setLogLevel(LogLevel.OFF)
    stream.close(); stream2.close(); detector.close()

    println(if (failures == 0) "ALL KOTLIN CHECKS PASSED" else "$failures KOTLIN CHECKS FAILED")
    exitProcess(if (failures == 0) 0 else 1)
}
