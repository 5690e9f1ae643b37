import AVFoundation
import ExpoModulesCore
import os

/// Expo module over the UniFFI-generated Swift bindings. Only results cross the bridge.
///
/// Threads: Expo runs AsyncFunctions on one queue shared by every module, so the long
/// calls run elsewhere: files on `fileQueue` (concurrent), and everything that touches
/// `stream` or the audio session on `queue`, this module's own serial queue (start, stop,
/// destroy, and the interruption observer, which hops onto it). That confinement is why the
/// class is `@unchecked Sendable`.
public final class SpeechEmotionModule: Module, @unchecked Sendable {
  private let queue = DispatchQueue(label: "expo.modules.speechemotion", qos: .userInitiated)
  private let fileQueue = DispatchQueue(label: "expo.modules.speechemotion.files", qos: .userInitiated, attributes: .concurrent)

  // Only on `queue`.
  private var stream: EmotionStream?
  private var interruptionObserver: NSObjectProtocol?
  /// The category this module replaced when it set up the session, so that stop puts it
  /// back; nil when the app had a record-capable session of its own (left as it is).
  private var replacedCategory: (AVAudioSession.Category, AVAudioSession.Mode, AVAudioSession.CategoryOptions)?

  /// The default detector, made once on first use (a static `let` is initialised once,
  /// thread-safely); the model inside is shared by every detector.
  private static let sharedDetector = Result { try EmotionDetector(config: defaultDetectorConfig()) }

  public func definition() -> ModuleDefinition {
    Name("SpeechEmotion")
    Events("onEmotion", "onError", "onStateChange")

    OnCreate {
      _ = setLogSink(sink: OSLogSink(), level: .warn)
    }
    OnDestroy {
      self.queue.sync { self.stopStream() }
    }

    AsyncFunction("classifyFileAsync") { (uri: String, options: [String: Any]) -> [String: Any] in
      return try rethrowing {
        // A detector is cheap (the model is shared); the default one is kept.
        let detector = try (options["temperature"] as? NSNumber).map {
          try EmotionDetector(config: DetectorConfig(temperature: $0.floatValue))
        } ?? Self.sharedDetector.get()
        return try AudioFiles.classify(detector: detector, uri: uri).toJs()
      }
    }.runOnQueue(fileQueue)

    Function("getModelInfo") { () -> [String: Any] in
      let info = try rethrowing { try Self.sharedDetector.get().modelInfo() }
      return [
        "name": info.name, "version": info.version, "labels": info.labels,
        "sampleRateHz": Int(info.sampleRateHz), "windowMs": Int(info.windowMs),
        "quantization": info.quantization, "sizeBytes": Int(info.sizeBytes),
        "onnxSha256": info.onnxSha256, "metadataJson": info.metadataJson,
      ]
    }

    AsyncFunction("startListeningAsync") { (options: [String: Any]) in
      try rethrowing {
        self.stopStream()
        try self.activateSession()
        let defaults = DetectorConfig()
        let config = DetectorConfig(
          windowHopMs: (options["windowHopMs"] as? NSNumber)?.uint32Value ?? defaults.windowHopMs,
          vadThresholdDbfs: (options["vadThresholdDbfs"] as? NSNumber)?.floatValue ?? defaults.vadThresholdDbfs,
          temperature: (options["temperature"] as? NSNumber)?.floatValue)
        var streamConfig = defaultStreamConfig()
        if let smoothing = (options["smoothing"] as? NSNumber)?.floatValue { streamConfig.smoothing = smoothing }
        let listener = Listener { [weak self] name, body in self?.sendEvent(name, body) }
        do {
          let live = try EmotionStream(detector: try EmotionDetector(config: config), listener: listener, config: streamConfig)
          try live.startMicrophone(device: nil)
          self.stream = live
        } catch {
          self.stopStream()
          throw error
        }
        self.observeInterruptions()
      }
    }.runOnQueue(queue)

    AsyncFunction("stopListeningAsync") {
      self.stopStream()
    }.runOnQueue(queue)

    AsyncFunction("requestPermissionsAsync") { (promise: Promise) in
      // Without the usage description iOS ends the app on the request: refuse instead.
      guard Bundle.main.object(forInfoDictionaryKey: "NSMicrophoneUsageDescription") != nil else {
        promise.reject(SpeechEmotionException((
          code: "PermissionDenied",
          reason: "NSMicrophoneUsageDescription is missing from Info.plist: add \"expo-speech-emotion\" to the plugins in app.json and rebuild")))
        return
      }
      if #available(iOS 17.0, *) {
        AVAudioApplication.requestRecordPermission { _ in promise.resolve(Self.permissionResponse()) }
      } else {
        AVAudioSession.sharedInstance().requestRecordPermission { _ in promise.resolve(Self.permissionResponse()) }
      }
    }
    AsyncFunction("getPermissionsAsync") { () -> [String: Any] in
      Self.permissionResponse()
    }

    Function("setLogLevel") { (level: String) in
      setLogLevel(level: logLevel(level))
    }
  }

  /// cpal needs an active session with a record category before a stream starts. An app
  /// that set a record-capable category itself keeps its setup; otherwise this module sets
  /// one, and `stopStream` deactivates and restores what was there.
  private func activateSession() throws {
    dispatchPrecondition(condition: .onQueue(queue))
    let session = AVAudioSession.sharedInstance()
    do {
      if session.category != .playAndRecord && session.category != .record {
        replacedCategory = (session.category, session.mode, session.categoryOptions)
        try session.setCategory(.playAndRecord, mode: .measurement, options: [.defaultToSpeaker, .allowBluetooth])
      }
      try session.setActive(true)
    } catch {
      throw SpeechEmotionException((code: "MicrophoneUnavailable", reason: "the audio session cannot record: \(error.localizedDescription)"))
    }
  }

  private func stopStream() {
    dispatchPrecondition(condition: .onQueue(queue))
    stream?.stop()
    stream = nil
    if let observer = interruptionObserver {
      NotificationCenter.default.removeObserver(observer)
      interruptionObserver = nil
    }
    // Deactivate only the session this module set up, and let other apps' audio resume.
    if let replaced = replacedCategory {
      replacedCategory = nil
      let session = AVAudioSession.sharedInstance()
      try? session.setActive(false, options: .notifyOthersOnDeactivation)
      try? session.setCategory(replaced.0, mode: replaced.1, options: replaced.2)
    }
  }

  /// A phone call or Siri takes the microphone: stop (on `queue`), and tell JS (it may restart).
  private func observeInterruptions() {
    dispatchPrecondition(condition: .onQueue(queue))
    interruptionObserver = NotificationCenter.default.addObserver(
      forName: AVAudioSession.interruptionNotification, object: nil, queue: nil
    ) { [weak self] note in
      guard let raw = note.userInfo?[AVAudioSessionInterruptionTypeKey] as? UInt,
            AVAudioSession.InterruptionType(rawValue: raw) == .began else { return }
      self?.queue.async { [weak self] in
        guard let self, self.stream != nil else { return }
        self.stopStream()
        self.sendEvent("onStateChange", ["listening": false])
      }
    }
  }

  /// Expo's permission shape; `canAskAgain` is false only once the user has refused
  /// (as Expo's own permission service reports it).
  private static func permissionResponse() -> [String: Any] {
    var status = "undetermined"
    if #available(iOS 17.0, *) {
      switch AVAudioApplication.shared.recordPermission {
      case .granted: status = "granted"
      case .denied: status = "denied"
      default: status = "undetermined"
      }
    } else {
      switch AVAudioSession.sharedInstance().recordPermission {
      case .granted: status = "granted"
      case .denied: status = "denied"
      default: status = "undetermined"
      }
    }
    return ["status": status, "granted": status == "granted", "canAskAgain": status != "denied", "expires": "never"]
  }
}

/// Runs on the library's worker thread; forwards to JS as events. Sendable as the
/// generated protocol requires: one immutable closure, which holds the module weakly.
private final class Listener: EmotionListener {
  private let emit: @Sendable (String, [String: Any]) -> Void
  init(emit: @escaping @Sendable (String, [String: Any]) -> Void) { self.emit = emit }
  func onResult(result: EmotionResult) { emit("onEmotion", result.toJs()) }
  func onError(error: EmotionError) { emit("onError", ["code": error.code, "message": error.reason]) }
  func onState(state: StreamState) {
    if case .started = state {
      emit("onStateChange", ["listening": true])
    } else {
      emit("onStateChange", ["listening": false])
    }
  }
}

/// The library's log records, in the unified log (Console.app, `log stream`).
private final class OSLogSink: LogSink {
  // os.Logger: ExpoModulesCore has a `Logger` of its own.
  private let logger = os.Logger(subsystem: "speech-emotion", category: "core")
  func log(level: LogLevel, target: String, message: String) {
    switch level {
    case .error: logger.error("\(target, privacy: .public): \(message, privacy: .public)")
    case .warn: logger.warning("\(target, privacy: .public): \(message, privacy: .public)")
    case .info: logger.info("\(target, privacy: .public): \(message, privacy: .public)")
    default: logger.debug("\(target, privacy: .public): \(message, privacy: .public)")
    }
  }
}

private func logLevel(_ name: String) -> LogLevel {
  switch name {
  case "off": return .off
  case "error": return .error
  case "warn": return .warn
  case "info": return .info
  case "debug": return .debug
  default: return .trace
  }
}

extension EmotionResult {
  func toJs() -> [String: Any] {
    [
      "emotion": emotion, "confidence": Double(confidence),
      "scores": Dictionary(uniqueKeysWithValues: scores.map { ($0.label, Double($0.score)) }),
      "isSpeech": isSpeech, "startMs": Int(startMs), "endMs": Int(endMs),
    ]
  }
}

extension EmotionError {
  /// The JS `error.code` of each variant, spelled out (never derived from type names).
  var code: String {
    switch self {
    case .InvalidAudio: return "InvalidAudio"
    case .UnsupportedFormat: return "UnsupportedFormat"
    case .Io: return "Io"
    case .InvalidModel: return "InvalidModel"
    case .InvalidConfig: return "InvalidConfig"
    case .MicrophoneUnavailable: return "MicrophoneUnavailable"
    case .PermissionDenied: return "PermissionDenied"
    case .AlreadyRunning: return "AlreadyRunning"
    case .Overrun: return "Overrun"
    case .Internal: return "Internal"
    }
  }
  var reason: String {
    switch self {
    case let .InvalidAudio(reason), let .UnsupportedFormat(reason), let .Io(reason), let .InvalidModel(reason),
      let .InvalidConfig(reason), let .MicrophoneUnavailable(reason), let .PermissionDenied(reason),
      let .AlreadyRunning(reason), let .Overrun(reason), let .Internal(reason):
      return reason
    }
  }
}

/// Library errors reach JS as coded exceptions: `error.code` is the variant name.
private final class SpeechEmotionException: GenericException<(code: String, reason: String)> {
  override var code: String { param.code }
  override var reason: String { param.reason }
}

private func rethrowing<T>(_ body: () throws -> T) throws -> T {
  do {
    return try body()
  } catch let error as EmotionError {
    throw SpeechEmotionException((code: error.code, reason: error.reason))
  }
}
