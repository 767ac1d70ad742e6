// DXAlignTests: placeholder until the module lands.
