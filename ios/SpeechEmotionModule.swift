import AVFoundation
import ExpoModulesCore
import os

/// Expo module over the UniFFI-generated Swift bindings. Only results cross the bridge.
public class SpeechEmotionModule: Module {
  private lazy var detector: EmotionDetector? = try? EmotionDetector(config: defaultDetectorConfig())
  private var stream: EmotionStream?
  private var interruptionObserver: NSObjectProtocol?

  public func definition() -> ModuleDefinition {
    Name("SpeechEmotion")
    Events("onEmotion", "onError", "onStateChange")

    OnCreate {
      _ = setLogSink(sink: OSLogSink(), level: .warn)
    }
    OnDestroy {
      self.stopStream()
    }

    AsyncFunction("classifyFileAsync") { (uri: String, options: [String: Any]) -> [String: Any] in
      let path = uri.hasPrefix("file://") ? (URL(string: uri)?.path ?? uri) : uri
      return try rethrowing {
        // A detector is cheap (the model is shared); the default one is kept.
        let detector = try (options["temperature"] as? NSNumber).map {
          try EmotionDetector(config: DetectorConfig(temperature: $0.floatValue))
        } ?? self.requireDetector()
        return try detector.classifyFile(path: path).toJs()
      }
    }

    Function("getModelInfo") { () -> [String: Any] in
      guard let info = self.detector?.modelInfo() else { return [:] }
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
        // cpal needs an active session with a record category before a stream starts.
        let session = AVAudioSession.sharedInstance()
        try session.setCategory(.playAndRecord, mode: .measurement, options: [.defaultToSpeaker, .allowBluetooth])
        try session.setActive(true)
        let defaults = DetectorConfig()
        let config = DetectorConfig(
          windowHopMs: (options["windowHopMs"] as? NSNumber)?.uint32Value ?? defaults.windowHopMs,
          vadThresholdDbfs: (options["vadThresholdDbfs"] as? NSNumber)?.floatValue ?? defaults.vadThresholdDbfs,
          temperature: (options["temperature"] as? NSNumber)?.floatValue)
        var streamConfig = defaultStreamConfig()
        if let smoothing = (options["smoothing"] as? NSNumber)?.floatValue { streamConfig.smoothing = smoothing }
        let live = try EmotionStream(
          detector: try EmotionDetector(config: config), listener: Listener(module: self), config: streamConfig)
        try live.startMicrophone(device: nil)
        self.stream = live
        self.observeInterruptions()
      }
    }

    AsyncFunction("stopListeningAsync") {
      self.stopStream()
    }

    AsyncFunction("requestPermissionsAsync") { (promise: Promise) in
      AVAudioSession.sharedInstance().requestRecordPermission { _ in
        promise.resolve(Self.permissionResponse())
      }
    }
    AsyncFunction("getPermissionsAsync") { () -> [String: Any] in
      Self.permissionResponse()
    }

    Function("setLogLevel") { (level: String) in
      setLogLevel(level: logLevel(level))
    }
  }

  private func requireDetector() throws -> EmotionDetector {
    if let detector { return detector }
    return try EmotionDetector(config: defaultDetectorConfig())
  }

  private func stopStream() {
    stream?.stop()
    stream = nil
    if let observer = interruptionObserver {
      NotificationCenter.default.removeObserver(observer)
      interruptionObserver = nil
    }
    try? AVAudioSession.sharedInstance().setActive(false, options: .notifyOthersOnDeactivation)
  }

  /// A phone call or Siri takes the microphone: stop, and tell JS (it may restart).
  private func observeInterruptions() {
    interruptionObserver = NotificationCenter.default.addObserver(
      forName: AVAudioSession.interruptionNotification, object: nil, queue: .main
    ) { [weak self] note in
      guard let raw = note.userInfo?[AVAudioSessionInterruptionTypeKey] as? UInt,
            AVAudioSession.InterruptionType(rawValue: raw) == .began else { return }
      self?.stopStream()
      self?.sendEvent("onStateChange", ["listening": false])
    }
  }

  private static func permissionResponse() -> [String: Any] {
    let status: String
    switch AVAudioSession.sharedInstance().recordPermission {
    case .granted: status = "granted"
    case .denied: status = "denied"
    default: status = "undetermined"
    }
    return ["status": status, "granted": status == "granted", "canAskAgain": status == "undetermined", "expires": "never"]
  }

  /// Runs on the library's worker thread; forwards to JS as events.
  private final class Listener: EmotionListener {
    weak var module: SpeechEmotionModule?
    init(module: SpeechEmotionModule) { self.module = module }
    func onResult(result: EmotionResult) { module?.sendEvent("onEmotion", result.toJs()) }
    func onError(error: EmotionError) { module?.sendEvent("onError", ["code": error.code, "message": error.reason]) }
    func onState(state: StreamState) {
      if case .started = state { module?.sendEvent("onStateChange", ["listening": true]) } else {
        module?.sendEvent("onStateChange", ["listening": false])
      }
    }
  }
}

private final class OSLogSink: LogSink {
  private let logger = Logger(subsystem: "speech-emotion", category: "core")
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
  /// The variant name, as JS sees it in `error.code`.
  var code: String { String(describing: self).components(separatedBy: "(").first ?? "Internal" }
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
