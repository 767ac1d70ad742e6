import CLibXML2

/// Placeholder; the safe libxml2 wrapper lives here.
public enum DXXMLVersion {
    public static var libxml2: String { LIBXML_DOTTED_VERSION }
}
