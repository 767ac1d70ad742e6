import DXEditModel

/// The events one reader (or one half of a parallel read) has built, in order.
///
/// A list's events end up in one array. A buffer either owns its memory, or writes
/// into a slot range of the final array that the caller lent it (a parallel read: each
/// half builds its events where they will stay, so they are neither copied nor moved
/// between buffers, and the pages of a second copy are never touched). A lent buffer
/// that runs out of room moves its events to memory of its own and carries on.
final class EventBuffer {
    private var base: UnsafeMutablePointer<Event>
    private(set) var count = 0
    private var capacity: Int
    /// Whether `base` is lent by the caller (not freed here).
    private(set) var isLent: Bool

    init(capacity: Int = 16) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
        isLent = false
    }

    /// A buffer writing into `capacity` uninitialized slots at `slots`, which the caller
    /// owns and keeps alive; the events stay there until the caller moves them out (`forgetMoved()`).
    init(lending slots: UnsafeMutablePointer<Event>, capacity: Int) {
        base = slots
        self.capacity = capacity
        isLent = true
    }

    deinit {
        base.deinitialize(count: count)
        if !isLent { base.deallocate() }
    }

    var isEmpty: Bool { count == 0 }

    /// Where the events are (for the caller of a lent buffer).
    var start: UnsafeMutablePointer<Event> { base }

    /// Forgets the events: the caller has moved them out.
    func forgetMoved() {
        count = 0
    }

    /// Destroys the events (a read that failed half way).
    func discard() {
        base.deinitialize(count: count)
        count = 0
    }

    /// Makes room for at least `n` events in all without moving them again.
    @inline(never)
    func reserveCapacity(_ n: Int) {
        guard n > capacity else { return }
        let grown = UnsafeMutablePointer<Event>.allocate(capacity: n)
        grown.moveInitialize(from: base, count: count)
        if !isLent { base.deallocate() }
        base = grown
        capacity = n
        isLent = false
    }

    @inline(__always)
    func append(_ event: consuming Event) {
        if count == capacity { reserveCapacity(max(capacity * 2, 16)) }
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
