"""The self-assessment of notebooks/07_autoavaliacao: four sealed questions (no plain answer key).

Generated: each token opens only with its own option (ftlab.exercises.sealed.seal); the solved
notebook notebooks/solucoes/07_autoavaliacao.ipynb holds the answers for the teacher.
"""

from ftlab.exercises.choice import Question

QUESTIONS = [
    Question(1, 'Para que serve, acima de tudo, o fine-tuning de um LLM?', (
        'Treinar um modelo de linguagem partindo do zero, sem nenhum pré-treino.',
        'Deixar o vocabulário do modelo maior.',
        'Especializar um modelo já pré-treinado numa tarefa ou num domínio.',
        'Baratear o pré-treinamento original.',
    ), (
        ('CBBHfq2MZ9U1e5ZN10hWyzCDrNvu5hTanvfPr9oZ/5zEHkXFrFVRxqIfR3zJBahj+9OdqLCdKW1eSi'
         'wb8U0y0Ulm3JZ0Ln7BxEr7/2fhnIuuwfHm7MOB4VhtuLAmFCefPNAwXdFh3kgwE5LoSkaydkrl519h'
         'NMFiJWBTz3Npa0drpSuMuFO4W5fCukxTwz+c0vb13622gSaV9SWESBlqoDGApr3AMB9lRmAXd+P3x6'
         '34/RBnS6V6RuCbWsMmWJxMF19Ck25M4SVacrNuv0fa+SkMiv8wlfrgQGLDP22pMn2WyibUqlPw6oVd'
         'JpWDmCQ9KNDoJlYTwhOixxF5nuyT1xVc3d6ZPB0QCN06P3HCu7FwV9HVyytFq0MrBPajc7pF7xjwvB'
         'M1WxQE3nLTLqSjAUNkzjr5HTlA51wsqYJ0BnvDgeox637T6Rf7NkgVykJLt+uY9vb5douZEIFWfCN3'
         '3cyTHaBD67iI/I9BIgeeILuxYCpRi9lHXC/lv9+yVHqq'),
        ('Opfk/RAhSLHIsuaeUppNtNLr6v3a1Fn/iFguJdq4AmYEwOVmNcK61iX09NxO6a/eDh5zzGhhBcKe+U'
         'RFRBJeDs29Iok2Omz249kd0bLERiGI1F+wpxjWhFYOtUF3a4NBiJIJpIOY1OLl8vXRwYeF1HhiOeP3'
         'cDv2nv5pgiGvsyXu2PYyZjOMX2TZTMEI4rG/dusFHdIiIsY1Ffbh/FaWPIt+DL6M+ZfKUNAx3O+y3y'
         'S446C6Xz76oSsXdZHKgstHsymvjrqkgXm5Q7pQB9aDD9xdDzdxbOs/B0xmfaEsk68VDUB+K1h8L2Sv'
         'Uj9bgA0CGPIb4GWcvCGq1rOyZwG+ajCcmH3FZI1XFkO/HQWOA3OTtxzzw6br2MrDi5NpkSiiDXK6wG'
         'e0FAARrlDn35Qk9ERylKawDYN2ORVaS9SzxDHnMeOb7vneY3iFv3Z2wRGpAHwpjSgcotzBJA7Lo+SM'
         '0E267Q34JGk93Rztl3RneZvwUL6EFp8xfRJ7q3PexQ+h'),
        ('DawnBcxpM8zm/nh6BS6xM733Y1k8dI34mrPjQ8KzFsf48x0KYYl+qVnNT7V85+ttlLYwiTWrJ6iIHC'
         'DDwWTCpgaFEvmWJD0WN9ffnVt6cb9A2PwLNBZMghzq11lwA+E5a8H+h5jej828q4l3VvQ8ymUqm7a+'
         '+nkaDJUPREWDFoRcxvQoE3YA37W/sleL+WKWlj5BOv0mJko87zWNPzdl90ziDkiO82W9xmyMgsL1SM'
         'x5ysxOlZGGfW9A8ku52iRsTlsxVXc9Ji4Ul+qRLFrW4OjAOAVmK1Lhl/zAsEU8RZrhsqnex2NyCcU2'
         'DOyPCU6fhtHTNZHzNP/228XabCrYLcIadHdbyGEM0QuyupvqSdiVz/fvyHcyPU3cBA7xjj8lY/U+Gz'
         '36SjVjUSi4Wx78eDzFR640pOBjflvKFCjEnVgFUPRLxtKeqPxr72aH1BvtzObJCTzpdDsUIOkS5Wr9'
         'CuXoWoDCIZCTHqungcxTH8nF5+yE93WshIKL+9NkR+HC'),
        ('vhlpn/promu7TDwSbJw0+LQOkfdFPrAro4EOfM8wegVQExLXjD98Vi9y3+i3WAeP7yNQ+WhJlDYoEB'
         '0AtIoMNehlRG+cDEP/M1oACLcDyXmAp52Oq/vdeH/8zLiVexOWty451neu9OvoSK4rRrSwg9vhi3Bd'
         'ZFX1/lYW08cCBPAU/qwaP6Z8lDW75lox5DUEptoT3XndfunjJ2WZJZAeGI8/FIba9XT3ZhAgOn/HPK'
         'VHcSyMRlqknmVfqZtcnX9tqOrypKZ5nI7kVoJ6c/+wH82kyIoedRkXowe3zs8m1uwUuxCHiAJUSgsa'
         'VJP7LjS1TzAatKEy09vS70rU3FvBYf+hUFaZqghePYEHH1XUNwq9HoxZ0z23mlZNQWnXiVKhOiCOKz'
         'J9f4XoLDWzFRPTfLyH7qoMiVMlcRO/pmZR5vRnx7oJzYVevbef6Y6/U2CouimffZaXp0Gs3K+4hUnF'
         'zuDjL/epJ3iOLYtCt1JzSgDJOI+ZLao9edmxae4SeoM+'),
    )),
    Question(2, 'Por que a preparação dos dados pesa tanto no resultado de um fine-tuning?', (
        'Porque garante uma quantidade ilimitada de dados para o modelo.',
        ('Porque o modelo aprende o que os exemplos mostram: dados relevantes e bem cuid'
         'ados decidem o desempenho na tarefa.'),
        'Porque elimina de vez o risco de esquecimento catastrófico.',
        'Porque dispensa avaliar o modelo depois do treino.',
    ), (
        ('yb/bL4ZZnlWLAMsMwfWpDt1iQSf7uMeWHch/vnvlS6Fcis1sWJGPvdxOsUA7GjYQLvjPMqNd2da57q'
         'QfwlRk3M43p/Mhy9L/6KEUVSEXBKvRDr627oiYAQIjni41HOw68klRqgYjSmlmNuZpQ+Y4SEfNeyKo'
         'qXYbDfBOjFitHq0SNNq1QiHGbt5yThbLBI8lRXwqOMdJMvcEstuPeyyB7d1WkBbMv7nDlYBrWHs2fm'
         'P0NiGLZCwzq1ycaPJ25pgapAHB3CWJHlLrF5NsDEf6SXSzexBNGNLMpwfkDSim3gxA6A//bBpUDGZo'
         'w6kvDl0JDfMVdIE4rQLoq8r7KHrLV8KFSWnjEbkaPCFgoXYxEjsI+l/hTcNPIJcwuUvqTpF0FYuGPq'
         'vhxtYsQshqbvDeLzZ7IYXYyNLhq0wEK8umrWAHnopR2FqpUsCbWGS9TYOPwbSTUhpBUjPWRZD//RmH'
         'v6W0CmKFnluWwulgGV5rR8v27TW0czJPVgvCdRl0oRpe'),
        ('61aVjmI8wJ2r1S7cNfgQ6h969aJ1lcL4R2W0PbNZ6wy+cEVY1LURk/veVR9QF8LZ4kyCiWPO18Lg9v'
         'KbhPvthibRhmtBm2V2EGWpqrGVlO2UGBrhjpHKf2mrsCaeNAi3dfdFnUgjWnLjAlWkF6OV0QI9u6Q8'
         'iYaOuKHJJrGesGtYqHBcstHbwvnMGkM0KR2IaaXkdzP39Gx3T2S13Wi2qeUjL1oBE0+2Nfo1m+5RXF'
         'D3tdFtby+6bTxlJpTRfcg5mN3yDTboMlpjnjA/OSDELg7nQ0uhGOEwFCflSOrpzOgStREJYRgd2P+u'
         'LIjwYAeRS6GvWLUNVKGkv9kT8/bDIbzpVawawP+PVUqG0dnblVZQzTHcs52i6VEEP+rqHRxxuQ0mqa'
         'oNXEyVGDV3zmfmHZU02GF2KxwgEBdOKfSifdMrrMJVs5NwqSgdBSSdhGlLmHLh5bEbA2mBkW+L5PzQ'
         'Jl84yEbfBV9QoeqAmZuTA1Z0YTgIVTymuRORwLqwsqu2'),
        ('6ECIjkD3DvVV2sGgn5gH6bRrfTDreF4YEh/ka8396FPrPub47qA4wwRPnJ3ohy2THHtKqG6BUMx6IP'
         'QaJ2RVG4o+oVNmLZyseXuG2eAcW400QyhfPuqksTNQnSAYch2o7qv7lrIycvVgnE+1vxrRidMVuIUZ'
         'AXtbPo1TQ7G7nBz4bhZdGeZO2gclyQHkZjOZy35bVSKieiRnb08y8MglzraSA18EDrAqxr3lBiOAv5'
         '3MtjovAQDpnTUrw3OjAGChOttYaLhXwRkKECWITfY4i/rxbtl4ccR4T4O9ZFu9e8k4D4OAtQaNUsMl'
         'fVAbeyZAci06K1JFThr14epL+/deCF5XEm0HXOiOQbjhi1hXwfNI+kbqAuM7duzBMhPfX193wRj03h'
         '4LM3HS8VoEQOtgDUxTEmH42c1X49ctQBcsx75Y4WTLmQyoHQBJF4ffr1x7kARZiKzx4KqzwIi96O5F'
         'qWNib/KO/ZGlJHM6Rbp2C18UDfUfLz2EP3Do1QDvdG1X'),
        ('ErVcePYi9MPjsHsU7UpgEzdXuaGd/fS3UxwOUdF1tiCegs16vHrCQH4xwo0P7HPQmUCMP+N0zTwl6w'
         '3BnaRzMoW0iupWWuuTKw+0j34g5SB3nv9WvniqCQEZ8nfxJ5L4x4gwoyLn6W5NGv3pF5J+R3UiKyVb'
         'Hqr3YB+3LhMY/NkxGWQylDkI7SgECaw+Exgm05jt28Bq5mv215MsxwEqLq1uQW3jYf9ATzor1DKmop'
         'VP9fkUltuSzb++STZr9AIiuBNhlGN5ZLyxx2o4JXEY5tG6Fl/Jrz7KnLIJV1YNpWyhOmBdWWji8gYT'
         'mzrVsuX+gFUD7/geFU8y96ofb+kRdySlqtBhHarfyEZoEKmYtPqY2X7X+b5RsNqKsW6s9l4cSVAd5O'
         'zQFnY09PMjhJbGNdfuoAWw1FDNDL2wC9JfY9dzorT1g1BW+rFMJIDCTlRtpHuZ1tR1LdNJW8eCFrwU'
         'WQ9JUK3IR4uWM218OaeILtf2jshEZ8BYoqEZ1gaY5SvM'),
    )),
    Question(3, 'O que é o esquecimento catastrófico (catastrophic forgetting)?', (
        'O modelo passa a ir muito bem em todas as tarefas depois do ajuste.',
        'Ao aprender a tarefa nova, o modelo perde parte do que sabia antes.',
        'O custo do fine-tuning cresce exponencialmente.',
        'O modelo se recusa a aprender com dados novos.',
    ), (
        ('yyo51ajjzKHPqc5vOhCFk8u4oo8drvu6rpC1buH/Zu7krpWUNWDh9wYhwfcRx1PPQqNkHDgZipL+qe'
         'r/5BGc5rKg1CnehRK0pIs12Cmb6aWzLOVP7D+BjaYsPQCywY44qsBRAdMiMtv7S+h2u3cKLn0eSgQ0'
         'bO4MvUjBfbolzDJozrQalms+mq22YHRQU67/kE1HEpYURZguDpqO5H9vvM4rsv5fU+l8mEABq8eCOk'
         'CIi+hmaX3qAXtvMmZ379dUB89/EtLHx+qtmfmzmqTVSL01ibnKT69FsoXNBfhB3qN0nOp3y1MC6GIe'
         'xuqAW8Cs8v1xr4K9GvBHFrSjEb5FR1dY2hGXtEWpR0MZagueavT2bIiC0DdzQq4SPIGKeD7dwc6jMH'
         'npMfmPrwZvoqfxkjl2Txe8KEqLUREqexokhRM0fmCYPAM+DiCGOsXBo54oKZoBxl+0GzGrBKIf6upg'
         'IYn/F87esHd9jPtNKSNL42x5sQ0EwqOp/RyjEu8NJKP/'),
        ('OoTc40DtQDldqp1yBF40Xkxazr8GvMgufLfJzXLZV34udkC8E5kfUcgX9CzLADOVmgp/GiEoa+VA4L'
         'siIJKCzUwqZQixxrtLoT1tOhM4b2QkL/J132V+Yv1pRhUxh57/MSQ8zL+50Q0cXpBfst2iqtQ+JRGZ'
         'kJEhfOJsT84LiK5ioaFJUh7ObgfkzgM5rjd8Pmo3+wVIQZcGrWSkEfCX8gYwJl+St2TmdkwaDijUGx'
         '+zJbGa/3TtgjxQMbsuPIJ4cPAcjjWo1rjw/FalsyDFvVx6NGxc3FGIJ1hi9vW8mK/eZZPLV2KjahCG'
         'TcrYrOeG9jrYUUjT2ybyUNWqudwwJYH7svIZyuctK/U7axewQ7qAqUljtTRIPSHUsO9WLayhCZqJx6'
         'pElGV/yrVl+DhnHxbMlVMdWZHstHQl+rqIXNdUbPJeSbIMm++/T81qUFglnq2XrcoE8JekgAUe/Nux'
         'Dv/M8ljYKAewen4gEO4IZmeWwXmvgA2Jaoco4myIu6aU'),
        ('SeshHJvk8KTF4MrjYxxaYYGdQhrcW/qYyWtkLxaO4QoA1RcvKrglJ+QYTTHRB2ZRNuL0COaY/USi9q'
         'kXv4zn3f4WJvv5koy9qKBMrWro0rcC4L3haDMBmC/W3/BZ7ax+GVvQVeYt9GgkwhC/gQg9h6s+2BzY'
         '4ScxioG/mVQa1SHTWGqt0hJVhoR1Rbl/A7cbVYCsSenijlXDsUu7ljeHVPOZT4szZOxeYomE8kAWdb'
         'o7PtrRKaUR3+n2ljwBBiYpz+iUCdqSbUU73srNBeSGIOlmWydkTnf7osPHTHx0nGQrknuYNjnbmjhu'
         'JVH9NoKwA9w/5iIf06AqExnCqbkgkLQzRtls94DQ9BHqVsvdCUKSz1OvaZHb6yr6i1sO+h7xYBS+br'
         'gAWwhNAzPqjCsK2SZ+OfRgyYgFS1L+5hdLn0qsbYL6mfbkxYPdQPezv1YtK3kD61mOgdLRU+7KK4fo'
         'X67ppPNau9Uqq3CaLSusQjdxOWXoo+1PGl23ksCGChZl'),
        ('JpZH575BGgNxjBiCb8DNhwg8E1vZ+232VXuX9APAFgkOuUbOP38sBPouLoJHaD80+V5B2uC0r5CQIi'
         'ZGgYH9aE9J7EwpMobxJueUgY2UTQA0J/F0h9NdOeXS5ByPpb+aUL2pne7dloJvSo/Smzf1KiLUmcft'
         '7Q0I0N4X4gv3GCt8cGtp8TtYvk0zsWIWjgZIAPaxryfWtuLuBCJAY53wSUiDhAJgH7xP+DPnNOTWFX'
         'xLNXxC71UfM/rR8VPxly86ZCHFtW2Mg6Pvrcvo/uwi24dHhTbBOri0xKnvTyjC59/GU8wr4bdOeMe+'
         'nxFZUTD8xCCE59xOAn4ebFh9ZqKnoSooSWMntftVuRaOGbF8OKMOdlNUdjeMUKvYyC0u6No20S/Ix2'
         '41zQdZd62Y5/YmqLCxuu80T7jcgJZocdeD/R8KNnBRblAJJYscbJZNKcd7LQt0E2u4pdQE89IHbpku'
         'O7UnoEqwSwJDCcHbmDLKcFtjNyiG1k3vPp4eGVL7ROE/'),
    )),
    Question(4, ('Em qual destas situações o fine-tuning costuma levar vantagem sobr'
                     'e a engenharia de prompts?'), (
        'Responder depressa a uma pergunta simples e genérica.',
        'Testar uma ideia rapidamente, com poucos recursos.',
        ('Uma tarefa de um domínio específico que exige alta precisão, respostas consist'
         'entes e um tom de voz próprio.'),
        'Mudar o comportamento do modelo com duas ou três frases de instrução.',
    ), (
        ('uJBrZX/oPdyt0qAFsxSM74AvFgVanHZcurwV4eKfkjo3U1V0nbVvS0Fna+XkKGNB8D5SAdxyr5K36z'
         'TMO9DIc2/KOSDSRwu8Tpz7I8rsuxtx/7/9zBC+iVB58SEw+9jbWG1lYlHkl5CsaxckCA60tnGB6yEK'
         'JWygyFzkskAaNysB8CkWC08cUkFpSS+x3FW71+1DOjBl2xP51MhUsBSG4e+WrZXhGzR1UY0JV0AWnP'
         'BnnPsGoSCsnDtozY8SP3Me3+6EPp2PfCkOhgU2mQUQ1CMO9v03944W+6+JoANqjHTUx2uq7aUGSJRb'
         'vnAgpQTIjEfLV5hXFzOXp+7L4bWfx+tibR+/3o84ygJIeZDtbusaQcRz3GMZmMLIGWzP1uBAoOnNMk'
         'lfePMECy+2aR0XpqYOixXv1v6oeDlssv36PquDmF5ACyDQfhUaBzy2qoo2hZVVNvpczb4iVg0emNWU'
         'wc8Idq0hzOxC3+Kd+2XIT8T7p2cLCuKamLe+cGhaSNnd'),
        ('5i1p+pJFkrXGDGuAkAteMFG/fD6CQfs6KI/wTBCzQZz52htzLDkTPz6Bfy3KeeQFq0En8uMirFwO5C'
         '/3GzHSN8Otv//V5Zo12vkAuKyWD0oSPyuBzP/52Gb0ct3MdPnTQddfv6NUaRZ0hg6BMpv4ErsSjVeX'
         '6p7GQjm6IGbboRgHeVlt+xDvioZ/Rpbd89q0ILIzuv95ohV1Sg8eoGvFM3WCiyhfNG7qibOG3doP0Y'
         'e8Cg5+1RfHeT+fl0ZGNCGG9DulvYsPPaMC9LaxuvxZ3wNfWxEgJoA+aA32V+E0TZBv/GHjeXM4xry8'
         'oo0+eMBwNnfpRfvxj9qG5hfpWLeULNdGen33Il3HDiSVehUenkQ2kJh09u0Fcjly9GXrZ+hFOuVCwK'
         '8lBs6P49U6yRHkTh7mQ7FA8hOPiKxlvsMoCXC6D3vwc+IleO7LcJxjs+DFo778q7Yhejpx7Cl9PgUI'
         'T3QyP2FgrOcEWV+zvMlbu7Td2vUm7tOodj1HEXBWsKux'),
        ('iPAauvsAEJ60XaiBlv62oKBIlJxQ9BygQrfAd3/8GKq0eRj2jXPb10/sBdSrmD8ZSBm7HfslzW778b'
         'GR1yzxp0bqyEBB+MAwT/9AVhmnxrnHNA9txkgxjSNnZQW2il/R2vYnT7aXGUlodTTZrqgR380HzHSh'
         '9llpUO2MCFAuzCNiLvXNmcOqYolucFEU0JCg3vj5sXYPEwiHBZd/HFZjOyGlmRfyf75XBhXCmvlL3S'
         '+zZd1fF1WqypFwUn/NqoeWyla/D/mGaacYzOByBBBW10MXOZ2oJBcDoMGyd9YVK3rZOCpHGyaRB+mA'
         '/JPPIkRQexVea9MhBe1XjrBzHl2JmkphiLo8kRhGG52oj6Lzrj4ACuRqudoDVHXXRurgTakuz1bANF'
         'lX2tXDf9bK/XNowmEO/p7qfITpl5Myyz8Y+HEFvWyib7zk0pjvOEPS560ryqYex2h4Mn/MYyewwgCQ'
         '2sZHBksPynPRHB9k8NpDVO10XxwYij0Xt3/y/ZnsRxkj'),
        ('j3OEFImuSx+InB//EdjpbQqJXEpM7bjAM5e2xnMG3WttO6qFIVS+gP+lWWjKHBcuFl4Z7LGG70z+16'
         '0B5V2KnWX2rQoMsJ0YOBfPDirk/NwCwiAPBvmhYo+9mbbFmTUHxjo4u1obg7Uq+Rwmjs6rte/6Gonu'
         'oO5Z1no6ZSD4Efl4etI9xX2KQYenF4rsr34KWXWMnmjZ67wVaUGHn7ZilfGU2VpabiQTS5h/Irb/7L'
         '6FiDsPSfYS4Ms3hzEcum7ZEmOg4XoJDbj1beDJ6ctZxfmOJB2XmLMLCSqOg2bzbltxwTKuSYuqqnJS'
         'nm3jDjbTiGMRcmTId466Iv74x01D2kkpkS6pvptiV+cPiya/OKlS6yyskwZxVp/5P5f93pf8r3qRcJ'
         'RTpuYpgW2KjUpitXRZa/HkN9SmlnpJHYsk5rp6nIin281LaViyI1E6Tgb5zRmczcw5Gfy3PlZ+Qq94'
         'bZl2nQvqol6S/2hP2Eue53z5Jg0eUc+BUmtnAa3KAnSK'),
    )),
]
