"""Invented patient and examiner names for demo and benchmark data, in the scripts a clinic meets.

Every name here is a common family or given name, combined at random: no real patient is meant.
Several scripts on purpose, so searching, sorting and exporting are exercised beyond ASCII.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NamePool:
    family: tuple[str, ...]
    female: tuple[str, ...]
    male: tuple[str, ...]


POOLS: dict[str, NamePool] = {
    "german": NamePool(
        ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz",
         "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann",
         "Schwarz", "Zimmermann", "Braun", "Krüger", "Hartmann", "Lange", "Werner", "Krause", "Lehmann",
         "Köhler", "Maier", "Fuchs", "Scholz", "Möller", "Vogel", "Jäger", "Günther", "Winkler"),
        ("Anna", "Lena", "Sophie", "Katharina", "Julia", "Sabine", "Ursula", "Monika", "Jana", "Greta"),
        ("Lukas", "Jonas", "Felix", "Michael", "Thomas", "Stefan", "Jürgen", "Klaus", "Tobias", "Paul"),
    ),
    "english": NamePool(
        ("Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Taylor",
         "Anderson", "Thomas", "Moore", "Martin", "Jackson", "Thompson", "White", "Harris", "Clark",
         "Lewis", "Walker", "Robinson", "Young", "Allen", "King", "Wright", "Scott", "Green", "Baker"),
        ("Emily", "Sarah", "Jessica", "Olivia", "Margaret", "Susan", "Laura", "Grace", "Chloe", "Ruth"),
        ("James", "John", "Robert", "David", "William", "Richard", "Daniel", "George", "Oliver", "Harry"),
    ),
    "french": NamePool(
        ("Bernard", "Dubois", "Moreau", "Laurent", "Lefebvre", "Leroy", "Girard", "Bonnet", "Dupont",
         "Lambert", "Fontaine", "Rousseau", "Fournier", "Mercier", "Blanc", "Guérin", "Faure", "Chevalier"),
        ("Camille", "Hélène", "Chloé", "Manon", "Élodie", "Isabelle", "Céline", "Margaux"),
        ("Léo", "Hugo", "Louis", "Théo", "François", "Étienne", "Mathieu", "Julien"),
    ),
    "italian": NamePool(
        ("Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino",
         "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Costa"),
        ("Giulia", "Francesca", "Chiara", "Martina", "Alessia", "Sara"),
        ("Marco", "Luca", "Giuseppe", "Matteo", "Alessandro", "Davide"),
    ),
    "spanish": NamePool(
        ("García", "Rodríguez", "Martínez", "López", "González", "Hernández", "Pérez", "Sánchez",
         "Ramírez", "Torres", "Flores", "Rivera", "Gómez", "Díaz", "Muñoz", "Peña"),
        ("Lucía", "María", "Carmen", "Sofía", "Valentina", "Inés", "Begoña"),
        ("José", "Juan", "Carlos", "Javier", "Alejandro", "Andrés", "Ángel"),
    ),
    "turkish": NamePool(
        ("Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Öztürk", "Aydın", "Özdemir", "Arslan"),
        ("Ayşe", "Fatma", "Elif", "Zeynep", "Emine", "Hülya"),
        ("Mehmet", "Mustafa", "Ahmet", "Emre", "Hüseyin", "Barış"),
    ),
    "polish": NamePool(
        ("Kowalski", "Nowak", "Wiśniewski", "Wójcik", "Kamiński", "Lewandowski", "Zieliński", "Szymański"),
        ("Agnieszka", "Katarzyna", "Małgorzata", "Zofia", "Joanna"),
        ("Jan", "Piotr", "Krzysztof", "Tomasz", "Paweł"),
    ),
    "nordic": NamePool(
        ("Lindqvist", "Johansson", "Andersson", "Nilsson", "Eriksson", "Larsen", "Hansen", "Jørgensen"),
        ("Karin", "Ingrid", "Astrid", "Sigrid", "Maja"),
        ("Lars", "Erik", "Nils", "Søren", "Åke"),
    ),
    "greek": NamePool(
        ("Παπαδόπουλος", "Γεωργίου", "Οικονόμου", "Παππάς", "Νικολάου", "Papadopoulos", "Georgiou"),
        ("Μαρία", "Ελένη", "Αικατερίνη", "Sofia"),
        ("Γιώργος", "Νίκος", "Δημήτρης", "Kostas"),
    ),
    "russian": NamePool(
        ("Иванов", "Смирнов", "Кузнецов", "Попов", "Соколов", "Ivanova", "Petrov", "Volkov"),
        ("Мария", "Анна", "Ольга", "Татьяна", "Natalia"),
        ("Сергей", "Алексей", "Дмитрий", "Андрей", "Ivan"),
    ),
    "arabic": NamePool(
        ("حداد", "الخطيب", "منصور", "Haddad", "Khalil", "Mansour", "Nasser", "Saleh"),
        ("فاطمة", "مريم", "Layla", "Noor", "Yasmin"),
        ("سامي", "أحمد", "Omar", "Karim", "Youssef"),
    ),
    "hebrew": NamePool(
        ("כהן", "לוי", "Cohen", "Levi", "Mizrahi", "Friedman"),
        ("שרה", "Noa", "Tamar", "Yael"),
        ("דוד", "Avi", "Eitan", "Noam"),
    ),
    "chinese": NamePool(
        ("王", "李", "张", "刘", "陈", "杨", "Wang", "Li", "Zhang", "Chen"),
        ("秀英", "丽", "Mei", "Xiu Ying", "Fang"),
        ("伟", "强", "Wei", "Jun", "Hao"),
    ),
    "japanese": NamePool(
        ("佐藤", "鈴木", "高橋", "田中", "Nakamura", "Tanaka", "Suzuki", "Kobayashi"),
        ("さくら", "Yuki", "Haruka", "Aiko"),
        ("Hiroshi", "Takeshi", "健", "Kenji"),
    ),
    "vietnamese": NamePool(
        ("Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ"),
        ("Lan", "Hương", "Thảo", "Ngọc"),
        ("Minh", "Tuấn", "Dũng", "Huy"),
    ),
    "nigerian": NamePool(
        ("Okafor", "Adeyemi", "Okonkwo", "Balogun", "Eze", "Olawale"),
        ("Chioma", "Ngozi", "Adaeze", "Funmilayo"),
        ("Emeka", "Chinedu", "Tunde", "Oluwaseun"),
    ),
}

#: How often each pool is drawn: a central European clinic with a diverse population.
POOL_WEIGHTS: dict[str, float] = {
    "german": 30, "english": 12, "french": 7, "italian": 6, "spanish": 6, "turkish": 8, "polish": 6,
    "nordic": 4, "greek": 3, "russian": 4, "arabic": 4, "hebrew": 2, "chinese": 3, "japanese": 2,
    "vietnamese": 2, "nigerian": 1,
}

EXAMINERS: tuple[str, ...] = (
    "Dr. K. Brandt", "Dr. M. Okonkwo", "Dr. S. Lindqvist", "Dr. A. Rahman", "Dr. J. Weiß",
    "Dr. L. Moretti", "Dr. E. Novak", "Dr. H. Tanaka", "Dr. P. Álvarez", "Dr. C. Dubois",
    "Dr. R. Schäfer", "Dr. T. Nguyễn",
)
