import Foundation
import DXEDL
import DXEditModel
import DXTimecode
import TestSupport
import Testing

/// Long lists are read in two halves at once; the result must be exactly the
/// single-pass result, including FCM changes, transitions and wrapped event numbers
/// near the split, and errors must name the same line.
@Suite struct EDLParallelReadTests {
    /// A 6,000-event list with an FCM change in the first half, a dissolve pair and
    /// repeated event numbers at every line, and comments throughout.
    func longList(brokenLine: Int? = nil, events: Int = 6000) -> String {
        var lines = ["TITLE: LONG", "FCM: NON-DROP FRAME"]
        var rec = Int64(107_892)  // 01:00:00;00 at 29.97 DF
        for i in 0..<events {
            if i == 1000 { lines.append("FCM: DROP FRAME") }
            let n = String(format3(i % 1000))
            let df = i >= 1000
            let r = FrameRate.fps29_97.withDropFrame(df)
            func tc(_ f: Int64) -> String { Timecode(frames: f, rate: r).description }
            if i % 7 == 3 {
                lines.append("\(n)  OUT      AA    C        \(tc(5000)) \(tc(5000)) \(tc(rec)) \(tc(rec))")
                lines.append("\(n)  IN\(i % 10)      AA    D    012 \(tc(9000)) \(tc(9030)) \(tc(rec)) \(tc(rec + 30))")
                lines.append("* FROM CLIP NAME:  out-\(i)")
                lines.append("* TO CLIP NAME:  in-\(i)")
            } else {
                lines.append("\(n)  R\(i % 97)     V     C        \(tc(3000)) \(tc(3030)) \(tc(rec)) \(tc(rec + 30))")
                lines.append("* FROM CLIP NAME:  clip-\(i)")
            }
            rec += 30
        }
        if let b = brokenLine { lines[b] = "123  AX V C 01:00:00:00" }
        return lines.joined(separator: "\n") + "\n"
    }

    func format3(_ n: Int) -> String { n < 10 ? "00\(n)" : n < 100 ? "0\(n)" : "\(n)" }

    @Test func halvesGiveTheSingleReadResult() throws {
        let text = Array(longList().utf8)
        let one = try EDLReader().read(text, options: .init(rate: .fps29_97, parallel: false))
        let two = try EDLReader().read(text, options: .init(rate: .fps29_97, parallel: true))
        #expect(one.events.count == 6000)
        #expect(one == two)
        #expect(one.events.filter { $0.transition.kind == .dissolve }.count == 857)
        #expect(one.events.last?.sourceRate.isDropFrame == true)
    }

    /// The lines are split in two halves at a line feed: CRLF and mixed endings give the
    /// single-pass lines (and line numbers); CR-only text has no line feed to split at.
    @Test(arguments: ["\r\n", "\r", "\n\r\n"])
    func lineEndingsGiveTheSingleReadResult(ending: String) throws {
        let list = longList(events: 3000)
        var text = list.replacingOccurrences(of: "\n", with: ending)
        if ending == "\n\r\n" {
            // Mixed: LF and CRLF alternate.
            text = list.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                .map { $0.offset % 2 == 0 ? $0.element + "\r\n" : $0.element + "\n" }.joined()
        }
        let bytes = Array(text.utf8)
        #expect(bytes.count > 256 * 1024)  // at least the size whose lines are split in two halves
        let one = try EDLReader().read(bytes, options: .init(rate: .fps29_97, parallel: false))
        let two = try EDLReader().read(bytes, options: .init(rate: .fps29_97, parallel: true))
        #expect(one.events.count == 3000)
        #expect(one == two)
        #expect(one.events.last?.origin.lastLine == two.events.last?.origin.lastLine)
        #expect(one.source.diagnostics == two.source.diagnostics)
    }

    @Test func anErrorInTheSecondHalfNamesItsLine() throws {
        let text = Array(longList(brokenLine: 11_000).utf8)
        for parallel in [false, true] {
            do {
                _ = try EDLReader().read(text, options: .init(rate: .fps29_97, fileName: "long.edl", parallel: parallel))
                Issue.record("accepted a truncated event line")
            } catch let e as ConformListError {
                #expect(e.diagnostic.line == 11_001)
            }
        }
    }
}
