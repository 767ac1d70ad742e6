#if canImport(Glibc)
import Glibc
#endif

/// Cores online: the default number of takes aligned at once.
enum ProcessorCount {
    static var online: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
}
