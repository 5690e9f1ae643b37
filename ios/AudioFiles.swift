import AVFoundation

/// `classifyFileAsync`: the Rust core reads the file when it knows the format; what it
/// refuses as UnsupportedFormat is decoded by iOS (AVAudioFile: whatever Core Audio
/// plays, e.g. AAC/ALAC in M4A, MP3, AMR in 3GP, CAF) to float PCM, which is streamed to
/// the core in chunks through its clip API.
enum AudioFiles {
  static func classify(detector: EmotionDetector, uri: String) throws -> EmotionResult {
    let url = uri.hasPrefix("file://") ? (URL(string: uri) ?? URL(fileURLWithPath: uri)) : URL(fileURLWithPath: uri)
    do {
      return try detector.classifyFile(path: url.path)
    } catch let EmotionError.UnsupportedFormat(reason) {
      return try decodeWithPlatform(detector: detector, url: url, refused: reason)
    }
  }

  private static let chunkFrames: AVAudioFrameCount = 16_384

  private static func decodeWithPlatform(detector: EmotionDetector, url: URL, refused: String) throws -> EmotionResult {
    let file: AVAudioFile
    do {
      file = try AVAudioFile(forReading: url, commonFormat: .pcmFormatFloat32, interleaved: true)
    } catch {
      throw EmotionError.UnsupportedFormat(reason: "\(refused); iOS cannot read it either (\(error.localizedDescription))")
    }
    let format = file.processingFormat
    guard let buffer = AVAudioPCMBuffer(pcmFormat: format, frameCapacity: chunkFrames) else {
      throw EmotionError.Internal(reason: "cannot allocate an audio buffer for \(format)")
    }
    let channels = Int(format.channelCount)
    let session = try detector.startClip(sampleRateHz: UInt32(format.sampleRate.rounded()), channels: UInt16(channels))
    while file.framePosition < file.length {
      do {
        try file.read(into: buffer, frameCount: chunkFrames)
      } catch {
        throw EmotionError.InvalidAudio(reason: "iOS stopped decoding at frame \(file.framePosition): \(error.localizedDescription)")
      }
      if buffer.frameLength == 0 { break }
      // Interleaved: one buffer of frameLength × channels samples.
      guard let data = buffer.floatChannelData?[0] else { break }
      try session.pushInterleaved(samples: Array(UnsafeBufferPointer(start: data, count: Int(buffer.frameLength) * channels)))
    }
    return try session.finish()
  }
}
