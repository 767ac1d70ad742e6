import DXEditModel

/// The events one reader (or one half of a parallel read) has built, in order.
///
/// A list's events end up in one array; the halves of a parallel read are moved into
/// it, not copied: copying an event retains each of its strings and arrays, and the
/// halves' copies then have to be released again (a tenth of the whole read on a
/// 10,000-event list).
final class EventBuffer {
    private var base: UnsafeMutablePointer<Event>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 16) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    var isEmpty: Bool { count == 0 }

    /// Makes room for at least `n` events in all without moving them again.
    @inline(never)
    func reserveCapacity(_ n: Int) {
        guard n > capacity else { return }
        let grown = UnsafeMutablePointer<Event>.allocate(capacity: n)
        grown.moveInitialize(from: base, count: count)
        base.deallocate()
        base = grown
        capacity = n
    }

    @inline(__always)
    func append(_ event: consuming Event) {
        if count == capacity { reserveCapacity(capacity * 2) }
        (base + count).initialize(to: consume event)
        count += 1
    }

    /// All the events of `parts`, in order, as one array; the buffers are left empty.
    static func drain(_ parts: EventBuffer...) -> [Event] {
        let total = parts.reduce(0) { $0 + $1.count }
        guard total > 0 else { return [] }
        return [Event](unsafeUninitializedCapacity: total) { out, initialized in
            var at = 0
            for p in parts {
                (out.baseAddress! + at).moveInitialize(from: p.base, count: p.count)
                at += p.count
                p.count = 0
            }
            initialized = at
        }
    }
}
