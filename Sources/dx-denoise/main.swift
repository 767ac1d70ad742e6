// dx-denoise: placeholder executable until the tool lands.
print("dx-denoise: not built yet")
