#if canImport(Glibc)
import Glibc
#endif

extension AAFFile {
    /// Parameter names that carry a clip gain, whatever the vendor: the baseline
    /// Amplitude, Premiere's "Amplitude multiplier", Avid's clip-gain ratio.
    static let gainParameterNames: Set<String> = ["Amplitude", "Amplitude multiplier", "AvidControlClipRatio", "ParameterDef_Amplitude"]

    /// An OperationGroup (or a Transition's) as name, gain, speed and parameters.
    func operation(_ og: AAFObject) throws -> AAFOperation {
        let id = og.weakReferenceKey(PID.operationGroupOperation)
        var op = AAFOperation(name: id.flatMap { definitionName($0) }, id: id,
                              length: og.has(PID.componentLength) ? og.componentLength : nil,
                              gainDB: nil, gainAutomation: nil, speedRatio: nil, isMute: false, parameters: [])
        var constants: [Double] = []
        var curves: [[(time: Double, value: Double)]] = []
        for p in try og.strongReferences(PID.operationGroupParameters) {
            let defID = p.auid(PID.parameterDefinition)
            let name = defID.flatMap { definitionName($0) } ?? defID?.description ?? ""
            let constant = p.isA(.constantValue) ? p.indirect(PID.constantValueValue) : nil
            if let constant { op.parameters.append((name, constant.text)) }
            if name == "SpeedRatio" || defID == AAFDefinitions.speedRatio, case .rational(let r)? = constant {
                op.speedRatio = r
            }
            guard defID == AAFDefinitions.amplitude || AAFFile.gainParameterNames.contains(name) else { continue }
            if let v = constant?.number {
                constants.append(decibels(v))
                continue
            }
            guard p.isA(.varyingValue) else { continue }
            let points = try p.strongReferences(PID.varyingValuePointList).compactMap { cp -> (time: Double, value: Double)? in
                guard let v = cp.indirect(PID.controlPointValue)?.number else { return nil }
                return (cp.rational(PID.controlPointTime)?.doubleValue ?? 0, v)
            }
            if let first = points.first, points.allSatisfy({ $0.value == first.value }) {
                constants.append(decibels(first.value))
            } else if !points.isEmpty {
                curves.append(points)
            }
        }
        if !constants.isEmpty { op.gainDB = AAFFile.sumDecibels(constants) }
        op.gainAutomation = curves.first
        return op
    }

    /// Linear amplitude → dB, rounded to 0.001 dB; -infinity for silence.
    func decibels(_ linear: Double) -> Double {
        linear > 0 ? (20 * log10(linear) * 1000).rounded() / 1000 : -.infinity
    }

    static func sumDecibels(_ values: [Double]) -> Double {
        values.contains(-.infinity) ? -.infinity : (values.reduce(0, +) * 1000).rounded() / 1000
    }
}
