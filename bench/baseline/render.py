"""One job of the original design: render the content given as the argument to a 512 px-class PNG
(ECC M, margin 4) with Python qrcode and write it to stdout."""
import sys

import qrcode

code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4, box_size=1)
code.add_data(sys.argv[1])
code.make(fit=True)
# the same pixel size the gateway's default asks for: 512 px, whole pixels per module
code.box_size = max(1, 512 // (code.modules_count + 2 * code.border))
code.make_image().save(sys.stdout.buffer, "PNG")
