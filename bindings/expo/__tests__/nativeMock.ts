// A stand-in for the native module: records calls and lets tests emit events.
type Listener = (event: any) => void;

export function createNativeMock() {
  const listeners = new Map<string, Set<Listener>>();
  const mock = {
    classifyFileAsync: jest.fn(async (_uri: string) => result('happy', 0.8)),
    getModelInfo: jest.fn(() => ({ name: 'test', labels: ['happy', 'sad', 'angry', 'surprised', 'neutral'] })),
    startListeningAsync: jest.fn(async (_options: object) => {}),
    stopListeningAsync: jest.fn(async () => {}),
    requestPermissionsAsync: jest.fn(async () => ({ status: 'granted', granted: true, canAskAgain: true, expires: 'never' })),
    getPermissionsAsync: jest.fn(async () => ({ status: 'granted', granted: true, canAskAgain: true, expires: 'never' })),
    setLogLevel: jest.fn(),
    addListener: jest.fn((name: string, listener: Listener) => {
      if (!listeners.has(name)) listeners.set(name, new Set());
      listeners.get(name)!.add(listener);
      return { remove: () => listeners.get(name)!.delete(listener) };
    }),
    emit(name: string, event: unknown) {
      listeners.get(name)?.forEach((l) => l(event));
    },
    listenerCount(name: string) {
      return listeners.get(name)?.size ?? 0;
    },
  };
  return mock;
}

export function result(emotion: string, confidence: number) {
  const scores: Record<string, number> = { happy: 0, sad: 0, angry: 0, surprised: 0, neutral: 0 };
  if (emotion !== 'silence') scores[emotion] = confidence;
  return { emotion, confidence, scores, isSpeech: emotion !== 'silence', startMs: 0, endMs: 2000 };
}
