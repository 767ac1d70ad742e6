import DXXML

/// The readers' name for an element of a parsed document.
typealias XMLElement = XMLTree.Element
