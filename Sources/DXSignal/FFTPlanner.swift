import CFFTW
import Synchronization

/// How hard FFTW searches for a fast plan.
public enum FFTPlanningRigor: Sendable, Hashable {
    /// `FFTW_ESTIMATE`: a heuristic plan, made instantly, identical on every run. The default,
    /// and what tests use (results reproducible to the bit on one machine).
    case estimate
    /// `FFTW_MEASURE`: times candidate algorithms on first use of a size (tens of ms to seconds),
    /// then reuses the result from the per-user wisdom file. Faster transforms for long jobs.
    case measure
}

/// An FFTW plan. FFTW documents plan *execution* (the new-array `fftwf_execute_dft_*`
/// functions) as thread-safe, and DXSignal never destroys a cached plan, so one plan may be
/// shared by any number of `RealFFT` objects on any threads.
struct FFTWPlan: @unchecked Sendable {
    let raw: OpaquePointer
}

/// The direction of a real transform.
enum RealTransformDirection: Hashable, Sendable {
    /// Real → half spectrum (r2c).
    case forward
    /// Half spectrum → real (c2r).
    case inverse
}

/// The process-wide FFTW planner: the one place where FFTW plans are made.
///
/// FFTW's planner is not thread-safe by itself. `FFTPlanner` calls
/// `fftwf_make_planner_thread_safe()` once, serialises planning (and wisdom I/O) behind a
/// process-wide lock that cache hits never wait for, and caches one
/// plan per (size, direction, rigor) for the life of the process (plans are small and never
/// destroyed, so a cached plan can never dangle under a running transform).
///
/// With `.measure`, wisdom is loaded from the per-user cache file (see `FFTWisdom`) the first
/// time a measured plan is needed, and saved back (temp file + rename) after each new measured
/// plan. FFTW may then also use that wisdom for later `.estimate` plans of the same size
/// (its wisdom serves requests of equal or lower rigor), so tests never opt in to `.measure`
/// on the shared planner.
public final class FFTPlanner: Sendable {
    /// The planner used by every `RealFFT` unless another is given.
    public static let shared = FFTPlanner(wisdomPath: FFTWisdom.defaultPath())

    private struct Key: Hashable {
        let size: Int
        let direction: RealTransformDirection
        let rigor: FFTPlanningRigor
    }

    private struct State {
        var plans: [Key: FFTWPlan] = [:]
        var defaultRigor: FFTPlanningRigor = .estimate
        var estimateWisdomPath: String?
    }

    private let state = Mutex(State())

    /// Where measured wisdom is read and written; `nil` keeps wisdom in memory only.
    public let wisdomPath: String?

    /// A planner with its own plan cache. FFTW's wisdom is process-global, so most code
    /// should use `shared`; a separate planner is for tests of the wisdom file.
    public init(wisdomPath: String?) {
        FFTPlanner.makeFFTWThreadSafe
        self.wisdomPath = wisdomPath
    }

    /// Runs `fftwf_make_planner_thread_safe()` exactly once per process (a lazy global).
    private static let makeFFTWThreadSafe: Void = {
        fftwf_make_planner_thread_safe()
    }()

    /// The rigor used when a `RealFFT` is created without one. `.estimate` unless a tool
    /// opts in to `.measure` (e.g. for a long batch).
    public var defaultRigor: FFTPlanningRigor {
        get { state.withLock { $0.defaultRigor } }
        set { state.withLock { $0.defaultRigor = newValue } }
    }

    /// Where `.estimate` plans are remembered between runs; `nil` (the default) never reads or
    /// writes one. An estimate plan takes FFTW milliseconds to make (it still searches its
    /// solvers and hashes every sub-problem), far longer than one transform of a short tool
    /// run; read back from this file it is the same plan, made ~10× faster. Keep this file
    /// apart from the measured wisdom (`wisdomPath`): FFTW would serve an estimate request
    /// from measured wisdom, and estimate plans must stay the same on every run.
    /// See `FFTWisdom.defaultEstimatePath()`.
    public var estimateWisdomPath: String? {
        get { state.withLock { $0.estimateWisdomPath } }
        set { state.withLock { $0.estimateWisdomPath = newValue } }
    }

    /// How many plans are cached (for diagnostics and tests).
    public var cachedPlanCount: Int { state.withLock { $0.plans.count } }

    /// The cached plan for a real transform of `size` points, made on first request.
    ///
    /// Our lock is not held while FFTW plans (a measured plan of a large size takes seconds),
    /// so cache hits on other threads never wait for it; FFTW's own thread-safe planner
    /// serialises the planning itself. If two threads plan the same key at once, the first
    /// stored plan wins and the other is destroyed before anyone uses it.
    func plan(size: Int, direction: RealTransformDirection, rigor: FFTPlanningRigor?) -> FFTWPlan {
        precondition(size >= 1 && size <= Int(Int32.max), "FFT size \(size) out of range")
        let (key, cached, estimatePath) = state.withLock { state -> (Key, FFTWPlan?, String?) in
            let key = Key(size: size, direction: direction, rigor: rigor ?? state.defaultRigor)
            return (key, state.plans[key], state.estimateWisdomPath)
        }
        if let cached { return cached }
        let wisdomFile = key.rigor == .measure ? wisdomPath : estimatePath
        let (made, fromWisdom) = FFTPlanner.fftwLock.withLock { importedWisdom -> (FFTWPlan, Bool) in
            // Wisdom is read once per file, before the first plan that could use it.
            if let path = wisdomFile, importedWisdom[path] == nil {
                importedWisdom[path] = FFTWisdom.importFile(path)
            }
            // A plan already in FFTW's wisdom needs no new export: it is the plan FFTW would make
            // from that wisdom anyway. A measured one is trusted to be in the file only when the
            // file was read (FFTW's wisdom is process-wide: it may have come from elsewhere).
            // Rewriting the unchanged file (write, rename) after each of dx-denoise's four
            // measured plans was 4.6 % of its CPU samples on a 4 s take (perf; issue 14).
            if let path = wisdomFile, key.rigor == .estimate || importedWisdom[path] == true,
               let known = FFTPlanner.makePlan(size: size, direction: direction, rigor: key.rigor, wisdomOnly: true) {
                return (known, true)
            }
            guard let plan = FFTPlanner.makePlan(size: size, direction: direction, rigor: key.rigor) else {
                fatalError("\(SignalError.planFailed(size: size, kind: direction == .forward ? "r2c" : "c2r"))")
            }
            return (plan, false)
        }
        let (plan, isNew) = state.withLock { state -> (FFTWPlan, Bool) in
            if let existing = state.plans[key] { return (existing, false) }
            state.plans[key] = made
            return (made, true)
        }
        FFTPlanner.fftwLock.withLock { _ in
            if !isNew {
                fftwf_destroy_plan(made.raw)
            } else if !fromWisdom, let path = wisdomFile {
                _ = FFTWisdom.exportFile(path)
            }
        }
        return plan
    }

    /// Held around every call into FFTW's planner (plans, destroy, wisdom import and export),
    /// process-wide: FFTW's own thread-safety hook covers planning, this also covers wisdom
    /// and keeps wisdom files written one at a time. Never held while a plan executes.
    /// Guards the wisdom files already imported (whether each one was read).
    private static let fftwLock = Mutex([String: Bool]())

    /// Plans on scratch arrays from `fftwf_malloc`, so the plan's alignment matches every
    /// `RealFFT` buffer (also from `fftwf_malloc`), as the new-array execute functions require.
    /// With `wisdomOnly`, returns `nil` unless the plan is already in FFTW's wisdom.
    private static func makePlan(size: Int, direction: RealTransformDirection, rigor: FFTPlanningRigor,
                                 wisdomOnly: Bool = false) -> FFTWPlan? {
        let real = fftwf_alloc_real(size)!
        let complex = fftwf_alloc_complex(size / 2 + 1)!
        defer {
            fftwf_free(real)
            fftwf_free(complex)
        }
        // r2c keeps its input (callers may reuse `samples`); c2r always destroys its input.
        let flags: UInt32 = (rigor == .estimate ? FFTWFlags.estimate : FFTWFlags.measure)
            | (direction == .forward ? FFTWFlags.preserveInput : FFTWFlags.destroyInput)
            | (wisdomOnly ? FFTWFlags.wisdomOnly : 0)
        let raw: OpaquePointer?
        switch direction {
        case .forward: raw = fftwf_plan_dft_r2c_1d(Int32(size), real, complex, flags)
        case .inverse: raw = fftwf_plan_dft_c2r_1d(Int32(size), complex, real, flags)
        }
        return raw.map { FFTWPlan(raw: $0) }
    }
}

/// FFTW planner flags (macros with shifts, spelled out here).
enum FFTWFlags {
    static let measure: UInt32 = 0
    static let destroyInput: UInt32 = 1 << 0
    static let preserveInput: UInt32 = 1 << 4
    static let estimate: UInt32 = 1 << 6
    static let wisdomOnly: UInt32 = 1 << 21
}
