# Mails sent to people: sign-in links and unlock links.
mail-sign-in-link-subject = Tu enlace de acceso
mail-sign-in-link-body =
    Hola, { $name }:

    Abre este enlace para ver tus pedidos y solicitudes (válido 30 minutos, un solo uso):
    { $link }

    Si no lo has pedido tú, ignora este mensaje.
mail-unlock-subject = Desbloquea tu cuenta
mail-unlock-body =
    Hola, { $name }:

    Tu cuenta se bloqueó por un tiempo tras varias contraseñas incorrectas. Si fuiste tú, abre este enlace y pulsa el botón para desbloquearla; luego entra con tu contraseña (válido 1 hora, un solo uso):
    { $link }

    Si no fuiste tú, alguien está intentando adivinar tu contraseña: no pulses el botón y avisa a un administrador.
