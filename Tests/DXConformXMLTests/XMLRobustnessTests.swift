import DXConformXML
import DXEditModel
import Testing

/// Odd and damaged input never crashes or hangs the readers.
@Suite struct XMLRobustnessTests {
    func read(_ xml: String, recover: Bool = false) -> Result<[Timeline], Error> {
        Result { try XMLListReader().read(Array(xml.utf8), options: .init(fileName: "odd.xml", recover: recover)) }
    }

    @Test func hostileFCPXMLValues() throws {
        let xml = """
            <?xml version="1.0"?>
            <fcpxml version="1.11">
              <resources>
                <format id="r1" frameDuration="1/1000000000000s"/>
                <format id="r2" frameDuration="1001/24000s"/>
                <asset id="a1" hasVideo="1" hasAudio="1" format="r1" src="file:///x.mov"/>
              </resources>
              <library><event><project name="odd"><sequence format="r2" tcStart="-5s">
                <spine>
                  <asset-clip ref="a1" offset="99999999999999999999999999999/7s" duration="3/0s"/>
                  <asset-clip ref="a1" offset="0s" duration="1s" lane="-9223372036854775808"/>
                  <asset-clip ref="a1" offset="1s" duration="123456789012345678901234567890/3s" start="-7/11s">
                    <timeMap><timept time="1s" value="1s"/><timept time="1s" value="5s"/><timept time="0s" value="0s"/></timeMap>
                    <conform-rate srcFrameRate="banana"/>
                    <asset-clip ref="nowhere" lane="1" offset="1s" duration="1s"/>
                    <marker start="not-a-time" value="m"/>
                  </asset-clip>
                  <ref-clip ref="a1" offset="2s" duration="1s"/>
                  <mc-clip ref="missing" offset="3s" duration="1s"/>
                  <transition duration="1s"/>
                </spine>
              </sequence></project></event></library>
            </fcpxml>
            """
        let t = try read(xml).get()
        #expect(t.count == 1)
        #expect(!t[0].source.diagnostics.isEmpty)
    }

    @Test func selfContainingCompoundIsNotExpandedForever() throws {
        let xml = """
            <fcpxml version="1.10"><resources>
              <format id="f" frameDuration="1/25s"/>
              <media id="m"><sequence format="f"><spine><ref-clip ref="m" offset="0s" duration="10s"/></spine></sequence></media>
            </resources><project name="loop"><sequence format="f"><spine>
              <ref-clip ref="m" offset="0s" duration="10s"/>
            </spine></sequence></project></fcpxml>
            """
        let t = try read(xml).get()
        #expect(t[0].warningText.contains("contains itself"))
    }

    @Test func oddXMEML() throws {
        let xml = """
            <xmeml version="5"><sequence><name>odd</name>
              <rate><timebase>0</timebase></rate>
              <timecode><frame>99999999999999999999</frame></timecode>
              <media><video><track>
                <clipitem id="c1"><name>no times</name></clipitem>
                <clipitem id="c2"><start>-1</start><end>-1</end><in>5</in><out>1</out></clipitem>
                <transitionitem><start>x</start></transitionitem>
                <clipitem id="c3"><start>10.5</start><end>20</end><in>0</in><out>9.5</out><file id="nowhere"/></clipitem>
              </track></video><audio><track><clipitem id="c1"/></track></audio></media>
            </sequence></xmeml>
            """
        let t = try read(xml).get()
        #expect(t[0].title == "odd")
        #expect(t[0].warningText.contains("fractional frame counts"))
    }

    /// Random damage to real lists: each damaged copy reads or fails cleanly, in both modes.
    @Test(arguments: ["ccnmtl_Mark_P_XML.xml", "dawfk_SyncClipRoles2.fcpxml", "otio_fcpx_project.fcpxml",
                      "hg_Fade_inn_og_ut.xml"])
    func damagedCopies(_ name: String) throws {
        let original = try XMLFixtures.bytes(name)
        var state: UInt64 = 0xD1B5_4A32_D192_ED03 ^ UInt64(original.count)
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(max(n, 1)))
        }
        let pieces: [[UInt8]] = ["<", ">", "\"", "&", "-1", "99999999999999", "0/0s", "/", "]]>", "<!--", "\u{0}"]
            .map { Array($0.utf8) }
        for _ in 0..<60 {
            var b = original
            for _ in 0..<(1 + next(4)) {
                switch next(3) {
                case 0: b[next(b.count)] = UInt8(truncatingIfNeeded: next(256))
                case 1: b.insert(contentsOf: pieces[next(pieces.count)], at: next(b.count))
                default:
                    let at = next(b.count)
                    b.removeSubrange(at..<min(b.count, at + next(64)))
                }
            }
            for recover in [false, true] {
                _ = try? XMLListReader().read(b, options: .init(fileName: name, recover: recover))
            }
        }
    }
}
