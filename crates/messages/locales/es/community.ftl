# The community forum (docs/COMMUNITY.md).
forum-escalated-from = Traído del hilo de la comunidad:
nav-community = Comunidad
community-heading = Comunidad
community-lead = Pregunta a otros compradores y vendedores, comparte lo que te funcionó y lee los avisos de la tienda sobre estafas que circulan.
community-search = Buscar en la comunidad
community-all = Todos los temas
community-tagged = Con la etiqueta
community-scam-alert = Alerta de estafa
community-empty = Aún no hay hilos aquí. ¡Empieza uno!
community-pinned = Fijado
community-hidden = Oculto
community-locked = Cerrado
community-answered = Respondido
community-replies = { $count ->
    [one] 1 respuesta
   *[other] { $count } respuestas
}
community-newer = Más recientes
community-older = Más antiguos
community-new-heading = Empezar un hilo
community-category = Tema
community-title = Título
community-body = Tu mensaje
community-tags = Etiquetas
community-tags-hint = separadas por comas, p. ej. envío, reembolso
community-language = Idioma del hilo
community-language-mine = Mi idioma
community-new-rules = Sé amable y nunca compartas contraseñas, números de tarjeta ni enlaces de pago. Los miembros nuevos no pueden publicar enlaces (salvo al centro de ayuda) ni imágenes durante sus primeros días.
community-post = Publicar
community-sign-in-to-post = Inicia sesión para publicar en la comunidad.
community-staff = Equipo
community-accepted-answer = Respuesta aceptada
community-score = { $score } útil
community-post-hidden = Un moderador ocultó esta publicación.
community-helpful = Útil
community-accept = Aceptar como respuesta
community-accepted = La respuesta quedó marcada.
community-report = Denunciar
community-report-send = Enviar la denuncia
community-action-hide-post = Ocultar
community-action-show = Volver a mostrar
community-action-hide = Ocultar el hilo
community-action-pin = Fijar
community-action-unpin = Dejar de fijar
community-action-scam_alert = Fijar como alerta de estafa
community-action-lock = Cerrar a respuestas
community-action-unlock = Reabrir
community-action-move = Mover
community-ban = Prohibir publicar
community-ban-reason = Motivo
community-ban-days = Durante cuántos días (vacío: para siempre)
community-ban-days-invalid = El número de días debe ser un número entero.
community-banned = La persona ya no puede publicar.
community-ban-lifted = Se levantó la prohibición.
community-ban-forever = para siempre
community-ban-lift = Levantar la prohibición
community-related-articles = Artículos de ayuda sobre esto
community-reply = Responder
community-escalate = Recibir ayuda privada con mi pedido
community-escalate-lead = Si se trata de uno de tus pedidos, el equipo de soporte puede llevarlo a una conversación privada; el hilo se cierra y nadie más ve tu pedido.
community-order-number = Número de pedido (si lo hay)
community-escalated = El equipo de soporte tiene tu pregunta en privado como { $ticket }; la encontrarás en Mis solicitudes.
community-taken-private = Esta pregunta continúa en privado con el equipo de soporte ({ $ticket }).
community-moderate = Moderar
community-moderated = Hecho.
community-queue-nav = Comunidad
community-queue-heading = Moderación de la comunidad
community-queue-lead = Publicaciones denunciadas (las más graves primero), publicaciones ocultas recientemente y las prohibiciones vigentes. Retirar una publicación denunciada la oculta y avisa a quienes la denunciaron.
community-queue-reported = Publicaciones denunciadas
community-queue-empty = No hay denuncias.
community-queue-hidden = Publicaciones ocultas
community-queue-bans = Prohibiciones
community-report-count = { $count ->
    [one] 1 denuncia
   *[other] { $count } denuncias
}
community-takedown-post = Retirar
