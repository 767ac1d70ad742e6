// dx-align: placeholder executable until the tool lands.
print("dx-align: not built yet")
