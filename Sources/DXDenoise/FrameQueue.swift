import DXSignal

/// Spectra waiting to be processed together (one channel's frames of a block, kept until every
/// channel, or the learned estimate of the same samples, has its frame): a growable buffer
/// reused from block to block, so the streaming pass allocates nothing once warmed up.
final class FrameQueue {
    let bins: Int
    private var storage: UnsafeMutablePointer<ComplexFloat>
    private var capacity: Int
    /// Frames held.
    private(set) var count = 0

    init(bins: Int, capacity: Int = 16) {
        self.bins = bins
        self.capacity = max(capacity, 1)
        storage = .allocate(capacity: self.capacity * bins)
    }

    deinit { storage.deallocate() }

    func append(_ spectrum: UnsafeMutableBufferPointer<ComplexFloat>) {
        precondition(spectrum.count >= bins)
        if count == capacity {
            let grown = UnsafeMutablePointer<ComplexFloat>.allocate(capacity: 2 * capacity * bins)
            grown.moveInitialize(from: storage, count: count * bins)
            storage.deallocate()
            storage = grown
            capacity *= 2
        }
        (storage + count * bins).update(from: spectrum.baseAddress!, count: bins)
        count += 1
    }

    /// Frame `j` (valid until the next `append` or `removeAll`).
    func frame(_ j: Int) -> UnsafeMutableBufferPointer<ComplexFloat> {
        precondition(j < count)
        return UnsafeMutableBufferPointer(start: storage + j * bins, count: bins)
    }

    func removeAll() { count = 0 }
}
