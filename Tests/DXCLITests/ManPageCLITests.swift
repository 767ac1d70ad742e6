import Foundation
import TestSupport
import Testing

/// The man pages and `--help` name the same options: every `Fl` flag of man/TOOL.1 is an
/// option of some command of the built tool and every option `--help` shows is in the man
/// page; the flags a SYNOPSIS line gives one command are options of that command. Hidden
/// commands (developer tools such as `tag-bwf`) are not documented and not checked.
@Suite struct ManPageCLITests {
    static let tools = ["dx-conform", "dx-align", "dx-denoise", "dx-cues"]

    /// ArgumentParser's own flags, on every command.
    static let builtIn: Set<String> = ["-h", "--help", "--version"]

    @Test(arguments: tools) func manPageAndHelpNameTheSameOptions(tool: String) throws {
        let page = try String(contentsOf: Repo.root.appendingPathComponent("man/\(tool).1"), encoding: .utf8)
        let commands = try Self.commands(tool)
        var helpFlags: [String: Set<String>] = [:]
        for c in commands { helpFlags[c.joined(separator: " ")] = try Self.helpFlags(tool, c) }

        let documented = Self.manFlags(page).subtracting(Self.builtIn)
        let shown = helpFlags.values.reduce(into: Set<String>()) { $0.formUnion($1) }
        #expect(documented.count > 5 && shown.count > 5, "\(tool): no options read from the man page or --help")
        for flag in documented.subtracting(shown).sorted() {
            Issue.record("\(tool): man page has \(flag), no command's --help does")
        }
        for (command, flags) in helpFlags.sorted(by: { $0.key < $1.key }) {
            for flag in flags.subtracting(documented).sorted() {
                Issue.record("\(tool) \(command): --help has \(flag), the man page does not")
            }
        }
        for (command, flags) in Self.synopsis(page) {
            guard let options = helpFlags[command] else {
                Issue.record("\(tool): the SYNOPSIS names '\(command)', which --help does not list")
                continue
            }
            for flag in flags.subtracting(options).subtracting(Self.builtIn).sorted() {
                Issue.record("\(tool) \(command): the SYNOPSIS gives \(flag), its --help does not")
            }
        }
    }

    /// Every visible command path, the tool itself as `[]`, from the SUBCOMMANDS sections.
    static func commands(_ tool: String, under path: [String] = []) throws -> [[String]] {
        let help = try Repo.run(tool, path + ["--help"])
        #expect(help.status == 0, "\(tool) \(path) --help: \(help.stderr)")
        var found = [path]
        var inSection = false
        for line in help.stdout.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("SUBCOMMANDS:") { inSection = true; continue }
            guard inSection else { continue }
            if !line.hasPrefix("  ") || line.hasPrefix("  See ") { if !line.isEmpty { inSection = false }; continue }
            // "  name (default)   abstract": the name starts at column 2; continuation lines
            // of an abstract are indented further.
            guard line.dropFirst(2).first?.isLetter == true,
                  let name = line.dropFirst(2).split(separator: " ").first else { continue }
            found += try commands(tool, under: path + [String(name)])
        }
        return found
    }

    /// The options a command's --help lists (its option column), without the built-in ones.
    static func helpFlags(_ tool: String, _ path: [String]) throws -> Set<String> {
        let help = try Repo.run(tool, path + ["--help"])
        var flags = Set<String>()
        for line in help.stdout.split(separator: "\n") where line.hasPrefix("  -") {
            flags.formUnion(Self.optionColumn(line))
        }
        return flags.subtracting(builtIn)
    }

    /// The flags at the start of a help line such as `  -o, --output <output>   Output file`:
    /// flags and their `<value>`s, up to the first other word (the help text, which can
    /// follow after a single space when the column is full).
    static func optionColumn(_ line: Substring) -> [String] {
        var flags: [String] = []
        for word in line.split(separator: " ") {
            let w = word.hasSuffix(",") ? word.dropLast() : word
            if w.hasPrefix("-"), w.drop(while: { $0 == "-" }).first?.isLetter == true {
                flags.append(String(w))
            } else if !(w.hasPrefix("<") || w.hasPrefix("[") || w == "...") {
                break
            }
        }
        return flags
    }

    /// Every flag an `Fl` macro names anywhere in the page: `Fl -fps` is `--fps`, `Fl o` is `-o`.
    static func manFlags(_ page: String) -> Set<String> {
        var flags = Set<String>()
        for line in page.split(separator: "\n") where line.hasPrefix(".") {
            flags.formUnion(flagsOfMacroLine(line))
        }
        return flags
    }

    /// The flags of one macro line. `Fl` applies to every word after it up to the next
    /// macro (`.Fl -character , -actor` is two flags); delimiters pass through.
    static func flagsOfMacroLine(_ line: Substring) -> [String] {
        let words = line.split(separator: " ")
        var flags: [String] = []
        var inFl = false
        for w in words {
            if w == "Fl" || w == ".Fl" { inFl = true; continue }
            guard inFl else { continue }
            if isMacro(w) { inFl = false; continue }
            let name = w.prefix { $0.isLetter || $0.isNumber || $0 == "-" }
            if let first = name.first, first == "-" || first.isLetter { flags.append("-" + name) }
        }
        return flags
    }

    /// `Ar`, `Cm`, `Ns`, `Op` …: a capital and one or two small letters.
    static func isMacro(_ w: Substring) -> Bool {
        let w = w.hasPrefix(".") ? w.dropFirst() : w
        guard (2...3).contains(w.count), let f = w.first, f.isUppercase else { return false }
        return w.dropFirst().allSatisfy(\.isLowercase)
    }

    /// The SYNOPSIS blocks (each begins with `.Nm`) that name commands (`.Cm take add`,
    /// `.Cm list | search`, `.Cm session add | list`), with the flags each gives; a block
    /// without a command is the tool's own (`[]`, the empty path).
    static func synopsis(_ page: String) -> [(String, Set<String>)] {
        guard let start = page.range(of: "\n.Sh SYNOPSIS\n"),
              let end = page.range(of: "\n.Sh ", range: start.upperBound..<page.endIndex) else { return [] }
        var blocks: [[Substring]] = []
        for line in page[start.upperBound..<end.lowerBound].split(separator: "\n") {
            if line == ".Nm" { blocks.append([]) } else if !blocks.isEmpty { blocks[blocks.count - 1].append(line) }
        }
        var result: [(String, Set<String>)] = []
        for block in blocks {
            var commands = [""]
            if let line = block.first(where: { $0.hasPrefix(".Cm ") || $0.hasPrefix(".Op Cm ") }) {
                let text = line.hasPrefix(".Cm ") ? line.dropFirst(4) : line.dropFirst(7)
                let alternatives = text.split(separator: "|").map { $0.split(separator: " ").map(String.init) }
                let head = alternatives[0]
                commands = alternatives.map { alt in
                    (alt == head ? alt : Array(head.dropLast()) + alt).joined(separator: " ")
                }
            }
            let flags = Set(block.flatMap(flagsOfMacroLine))
            for c in commands { result.append((c, flags)) }
        }
        return result
    }
}
