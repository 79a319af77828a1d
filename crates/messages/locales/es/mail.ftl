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
mail-reply-body =
    { $header }

    { $reply }

    — 
    { $shop } · { $reference }
    Responde a este correo para contestar; tu respuesta se añade a la solicitud { $reference }.

    { $history }
mail-acknowledgement-body =
    Hola, { $name }:

    Hemos recibido tu mensaje y abierto la solicitud { $reference }. Una persona de nuestro equipo te responderá por correo; puedes añadir algo respondiendo a este correo.

    { $quoted }
mail-no-text = (El mensaje no tenía texto.)
mail-no-subject = (sin asunto)
mail-reply-header = ##- Escribe tu respuesta encima de esta línea -##
mail-history-entry = El { $when }, { $author } escribió:
