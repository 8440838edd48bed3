"""Small built-in name lists: every person in the demo district is made up."""

import numpy as np

FIRST_NAMES_F = (
    "Olivia Emma Charlotte Amelia Sophia Mia Isabella Ava Evelyn Luna Harper Sofia Camila Eleanor "
    "Elizabeth Violet Scarlett Emily Hazel Lily Gianna Aurora Penelope Aria Nora Chloe Ellie Mila "
    "Avery Layla Abigail Ella Isla Eliana Nova Madison Zoe Ivy Grace Lucy Willow Emilia Riley Naomi "
    "Victoria Stella Maya Paisley Hannah Leah Valentina Aaliyah Ximena Jasmine Mariana Priya Mei "
    "Fatima Imani Keisha Guadalupe Daniela Ana"
).split()
FIRST_NAMES_M = (
    "Liam Noah Oliver James Elijah Mateo Theodore Henry Lucas William Benjamin Levi Sebastian Jack "
    "Ezra Michael Daniel Leo Owen Samuel Hudson Alexander Asher Luca Ethan John David Jackson Joseph "
    "Mason Luke Matthew Julian Dylan Elias Jacob Maverick Gabriel Logan Aiden Thomas Isaac Miles "
    "Grayson Santiago Anthony Wyatt Carter Jayden Ezekiel Caleb Cooper Josiah Charles Christopher "
    "Isaiah Nolan Cameron Andre Malik Jamal Diego Carlos Miguel Wei Arjun Omar"
).split()
LAST_NAMES = (
    "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez "
    "Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris "
    "Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill "
    "Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez Phillips "
    "Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook Rogers "
    "Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson "
    "Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo Sanders "
    "Patel Myers Long Ross Foster Jimenez Chen Wang Singh Okafor Begay Yazzie Kealoha"
).split()

SCHOOL_NAME_STEMS = (
    "Lincoln Washington Jefferson Roosevelt Franklin Madison Kennedy Garfield Oak Maple Cedar Pine "
    "Willow Birch Aspen Sycamore Magnolia Riverside Lakeview Hillcrest Meadowbrook Fairview Parkside "
    "Sunnyside Westwood Eastgate Northridge Southport Highland Valley Prairie Brookside Greenfield "
    "Stonebridge Clearwater Sequoia Redwood Harbor Summit Canyon Mesa Chavez Tubman Douglass Parks "
    "Carver Bethune Sotomayor Ochoa Earhart Curie Edison Hawking Lovelace Banneker Hopper Ride"
).split()


def draw_names(rng: np.random.Generator, sex_codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """First names follow sex code (0 F, 1 M, 2 X drawn from both lists); returns object arrays."""
    n = len(sex_codes)
    female = np.array(FIRST_NAMES_F, dtype=object)
    male = np.array(FIRST_NAMES_M, dtype=object)
    both = np.concatenate([female, male])
    first = both[rng.integers(0, len(both), n)]
    is_f = sex_codes == 0
    is_m = sex_codes == 1
    first[is_f] = female[rng.integers(0, len(female), is_f.sum())]
    first[is_m] = male[rng.integers(0, len(male), is_m.sum())]
    last = np.array(LAST_NAMES, dtype=object)[rng.integers(0, len(LAST_NAMES), n)]
    return first, last


def name_codes(rng: np.random.Generator, sex_codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Integer indexes into ALL_FIRST / LAST_NAMES, for big tables written as categoricals."""
    n = len(sex_codes)
    n_f, n_m = len(FIRST_NAMES_F), len(FIRST_NAMES_M)
    first = rng.integers(0, n_f + n_m, n)
    first = np.where(sex_codes == 0, rng.integers(0, n_f, n), first)
    first = np.where(sex_codes == 1, n_f + rng.integers(0, n_m, n), first)
    return first.astype(np.int32), rng.integers(0, len(LAST_NAMES), n).astype(np.int32)


ALL_FIRST = FIRST_NAMES_F + FIRST_NAMES_M
